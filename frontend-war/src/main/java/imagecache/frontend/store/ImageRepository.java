package imagecache.frontend.store;

import imagecache.frontend.domain.ImageKey;
import imagecache.frontend.domain.SortColumn;
import imagecache.memcache.protocol.WriteLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/** The image table: one row per key. */
@ApplicationScoped
@Transactional
public class ImageRepository {

    @Inject
    ImageDatabase database;

    public Optional<ImageRow> find(ImageKey key) {
        return Optional.ofNullable(em().find(ImageRow.class, key.value()));
    }

    /**
     * The key's row, locked until the transaction ends. A key without a row locks nothing: a
     * concurrent first upload of it then conflicts when it inserts, and is tried again.
     */
    public Optional<ImageRow> lock(ImageKey key) {
        return Optional.ofNullable(em().find(ImageRow.class, key.value(), LockModeType.PESSIMISTIC_WRITE));
    }

    /**
     * Locks a file's lock row (by content hash) until the transaction ends, creating it when missing:
     * a writer that adds a reference to the file and one that may delete it never run at once.
     */
    public void lockFile(String sha256) {
        if (em().find(ImageFileRow.class, sha256, LockModeType.PESSIMISTIC_WRITE) == null) {
            em().persist(new ImageFileRow(sha256));
            em().flush(); // an inserted row is locked too; a concurrent insert of it conflicts here
        }
    }

    /**
     * Inserts the key's row or replaces what it points to (lock the key first).
     *
     * @return the path and hash the key had before, if it had a row
     */
    public Optional<StoredFile> save(ImageKey key, StoredContent content) {
        LocalDateTime now = LocalDateTime.now(Clock.systemUTC());
        // locked again: a row another writer inserted since the caller's lock found none must be locked too
        ImageRow record = lock(key).orElse(null);
        if (record == null) {
            em().persist(new ImageRow(key.value(), content, now));
            em().flush(); // a first upload of the key racing this one conflicts here, before anything else
            return Optional.empty();
        }
        StoredFile previous = new StoredFile(record.path(), record.sha256());
        record.replace(content, now);
        return Optional.of(previous);
    }

    /**
     * Sets the width and height of the key's image, if the key still has the image with this hash
     * (an upload may have replaced it meanwhile).
     */
    public void saveDimensions(String key, String sha256, int width, int height) {
        em().createQuery("UPDATE ImageRow i SET i.width = :width, i.height = :height"
                        + " WHERE i.key = :key AND i.sha256 = :sha256")
                .setParameter("width", width)
                .setParameter("height", height)
                .setParameter("key", key)
                .setParameter("sha256", sha256)
                .executeUpdate();
    }

    /** Up to {@code limit} rows after {@code afterKey} (in key order) whose width is not known yet. */
    public List<ImageRow> withoutDimensions(String afterKey, int limit) {
        return em().createQuery(
                        "SELECT i FROM ImageRow i WHERE i.width IS NULL AND i.key > :after ORDER BY i.key",
                        ImageRow.class)
                .setParameter("after", afterKey)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Whether a stored file still has its lock row, locking it until the transaction ends (a key uses the file). */
    public boolean lockFileIfUsed(String sha256) {
        return em().find(ImageFileRow.class, sha256, LockModeType.PESSIMISTIC_WRITE) != null;
    }

    /** Deletes the key's row (lock the key first); returns what it pointed to. */
    public Optional<StoredFile> delete(ImageKey key) {
        ImageRow record = em().find(ImageRow.class, key.value());
        if (record == null) {
            return Optional.empty();
        }
        em().remove(record);
        return Optional.of(new StoredFile(record.path(), record.sha256()));
    }

    /** Deletes every row; returns the files they pointed to. */
    public List<StoredFile> deleteAll() {
        List<StoredFile> files = em().createQuery(
                        "SELECT DISTINCT NEW imagecache.frontend.store.StoredFile(i.path, i.sha256) FROM ImageRow i",
                        StoredFile.class)
                .getResultList();
        em().createQuery("DELETE FROM ImageRow").executeUpdate();
        return files;
    }

    /**
     * Whether any key still points to the file with this hash (hold its lock); when none does, its
     * lock row goes too, and the caller deletes the file.
     */
    public boolean releaseFile(String sha256) {
        em().flush();
        boolean referenced = em().createQuery("SELECT COUNT(i) FROM ImageRow i WHERE i.sha256 = :sha256", Long.class)
                        .setParameter("sha256", sha256)
                        .getSingleResult()
                > 0;
        if (!referenced) {
            ImageFileRow row = em().find(ImageFileRow.class, sha256);
            if (row != null) {
                em().remove(row);
            }
        }
        return referenced;
    }

    /**
     * Appends a write to the memcache pool's write log ({@link WriteLog}): the key ({@code null}: every
     * key) and the hash of its image now ({@code null}: deleted). Returns the row's seq, which the
     * write tells the key's node (MySQL's LAST_INSERT_ID, which H2 has in MySQL mode too).
     */
    public long logWrite(ImageKey key, String sha256) {
        em().createNativeQuery("INSERT INTO " + WriteLog.TABLE + " (image_key, sha256, written_at) VALUES (?1, ?2, ?3)")
                .setParameter(1, key == null ? null : key.value())
                .setParameter(2, sha256)
                .setParameter(3, LocalDateTime.now(Clock.systemUTC()))
                .executeUpdate();
        return ((Number) em().createNativeQuery("SELECT LAST_INSERT_ID()").getSingleResult()).longValue();
    }

    /** Every row, ordered by key. */
    public List<ImageRow> all() {
        return em().createQuery("SELECT i FROM ImageRow i ORDER BY i.key", ImageRow.class)
                .getResultList();
    }

    /** One page of rows whose key contains {@code filter} (ignoring case; empty: all), sorted. */
    public List<ImageRow> page(int offset, int limit, SortColumn sort, boolean ascending, String filter) {
        String order = jpql(sort) + (ascending ? " ASC" : " DESC") + (sort == SortColumn.KEY ? "" : ", i.key");
        return em().createQuery(
                        "SELECT i FROM ImageRow i WHERE LOWER(i.key) LIKE :pattern ESCAPE '!' ORDER BY " + order,
                        ImageRow.class)
                .setParameter("pattern", containsPattern(filter))
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    private static String jpql(SortColumn sort) {
        return switch (sort) {
            case KEY -> "i.key";
            case PATH -> "i.path";
            case BYTES -> "i.bytes";
            case UPDATED -> "i.updatedAt";
        };
    }

    /** How many rows {@link #page} pages through. */
    public long count(String filter) {
        return em().createQuery(
                        "SELECT COUNT(i) FROM ImageRow i WHERE LOWER(i.key) LIKE :pattern ESCAPE '!'", Long.class)
                .setParameter("pattern", containsPattern(filter))
                .getSingleResult();
    }

    private static String containsPattern(String filter) {
        String text = filter == null ? "" : filter.strip().toLowerCase(java.util.Locale.ROOT);
        return "%" + escapeLike(text) + "%";
    }

    private static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /**
     * Up to {@code limit} keys starting with {@code prefix} ignoring case, in order: one range scan
     * of the folded-key index, however many keys there are.
     */
    public List<String> keysStartingWith(String prefix, int limit) {
        String folded = ImageRow.fold(prefix);
        return em().createQuery(
                        "SELECT i.key FROM ImageRow i WHERE i.keyFolded LIKE :pattern ESCAPE '!'"
                                + " ORDER BY i.keyFolded, i.key",
                        String.class)
                .setParameter("pattern", escapeLike(folded) + "%")
                .setMaxResults(limit)
                .getResultList();
    }

    /** Every key, in order. */
    public List<String> keys() {
        return em().createQuery("SELECT i.key FROM ImageRow i ORDER BY i.key", String.class)
                .getResultList();
    }

    private EntityManager em() {
        return database.entityManager();
    }
}
