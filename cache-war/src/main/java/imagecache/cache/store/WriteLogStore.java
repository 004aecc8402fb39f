package imagecache.cache.store;

import imagecache.cache.WriteLogCursor.Row;
import imagecache.memcache.protocol.WriteLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.util.List;

/** Reads the pool's write log ({@link WriteLog}), which the front ends append to, and prunes it. */
@ApplicationScoped
@Transactional
public class WriteLogStore {

    @Inject
    MemcacheDatabase database;

    /** The highest seq of the rows written before {@code before} (UTC); 0 when there is none. */
    public long highestBefore(LocalDateTime before) {
        Object highest = em().createNativeQuery("SELECT MAX(seq) FROM " + WriteLog.TABLE + " WHERE written_at < ?1")
                .setParameter(1, before)
                .getSingleResult();
        return highest == null ? 0 : ((Number) highest).longValue();
    }

    /** The rows above {@code seq}, in seq order. */
    public List<Row> after(long seq) {
        List<?> rows = em().createNativeQuery(
                        "SELECT seq, image_key, sha256 FROM " + WriteLog.TABLE + " WHERE seq > ?1 ORDER BY seq")
                .setParameter(1, seq)
                .getResultList();
        return rows.stream()
                .map(Object[].class::cast)
                .map(row -> new Row(((Number) row[0]).longValue(), (String) row[1], (String) row[2]))
                .toList();
    }

    /** Deletes the rows written before {@code cutoff} (UTC); returns how many. */
    public int pruneBefore(LocalDateTime cutoff) {
        return em().createNativeQuery("DELETE FROM " + WriteLog.TABLE + " WHERE written_at < ?1")
                .setParameter(1, cutoff)
                .executeUpdate();
    }

    private EntityManager em() {
        return database.entityManager();
    }
}
