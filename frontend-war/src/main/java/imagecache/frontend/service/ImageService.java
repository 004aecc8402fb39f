package imagecache.frontend.service;

import static imagecache.frontend.store.DatabaseFailures.call;

import imagecache.frontend.cacheclient.MemcacheCoherence;
import imagecache.frontend.cacheclient.MemcacheLookup;
import imagecache.frontend.domain.Causes;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageFormat;
import imagecache.frontend.domain.ImageKey;
import imagecache.frontend.domain.SortColumn;
import imagecache.frontend.domain.Thumbnail;
import imagecache.frontend.store.DatabaseFailures;
import imagecache.frontend.store.ImageFiles;
import imagecache.frontend.store.ImageRepository;
import imagecache.frontend.store.ImageRow;
import imagecache.frontend.store.StagedImage;
import imagecache.frontend.store.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Uploads, reads, lists and deletes images: the one code path behind both the JSON API and the pages.
 *
 * <p>An upload is streamed to a temp file outside any lock. Publishing it (file, row, memcache
 * entry) is one database transaction holding the key's row lock ({@link ImageWrites}), so that
 * uploads and deletes of one key apply in one order to the files, the table and the memcache, on
 * every front end sharing the database, and uploads of different keys do not wait for each other.
 * The file a write stopped using is released after it, in a transaction of its own. A write the
 * database ended for a conflict with another is tried again. What keeps the memcache from serving
 * an old image is {@link MemcacheCoherence}'s.
 */
@ApplicationScoped
public class ImageService {

    private static final Logger LOG = Logger.getLogger(ImageService.class.getName());
    static final int WRITE_ATTEMPTS = 8;

    @Inject
    ImageRepository repository;

    @Inject
    ImageWrites writes;

    @Inject
    ImageFiles files;

    @Inject
    MemcacheCoherence memcache;

    @Inject
    ImageThumbnails thumbnails;

    @Inject
    @ConfigProperty(name = "max.upload.mb", defaultValue = "10")
    int maxUploadMB;

    @Inject
    @ConfigProperty(name = "max.image.megapixels", defaultValue = "50")
    int maxMegapixels;

    public long maxUploadBytes() {
        return maxUploadMB * 1024L * 1024L;
    }

    public UploadResult upload(ImageKey key, InputStream content) {
        StagedImage staged = files.stage(content, maxUploadBytes(), maxMegapixels * 1_000_000L);
        try {
            // made before any lock is taken: decoding is the slow part
            Optional<Thumbnail> thumbnail = thumbnails.ofUpload(staged);
            ImageWrites.Published published = write(() -> writes.publish(key, staged, thumbnail));
            published.replaced().ifPresent(this::releaseQuietly);
            return published.result();
        } catch (RuntimeException e) {
            // its file may be in place: it may not stay unused
            releaseQuietly(new StoredFile(staged.fileName(), staged.sha256()));
            throw e;
        } finally {
            files.discard(staged);
        }
    }

    /** The image of a key: from the memcache on a hit, else from disk (and then put into the memcache). */
    public ImageContent find(ImageKey key) {
        return find(key, null);
    }

    /**
     * {@link #find(ImageKey)} for a reader that already holds the content with hash {@code knownSha256}:
     * when the memcache has that same content, the answer carries no bytes ({@link ImageContent#isUnchanged()}).
     */
    public ImageContent find(ImageKey key, String knownSha256) {
        MemcacheLookup lookup = memcache.read(key, knownSha256);
        if (lookup instanceof MemcacheLookup.Unchanged unchanged) {
            return ImageContent.unchanged(key.value(), unchanged.sha256());
        }
        if (lookup instanceof MemcacheLookup.Hit hit) {
            return hit(key, hit);
        }
        ImageRow record = null;
        byte[] bytes = null;
        // the file of a row read just before an upload replaced it may be gone: read the new row
        for (int attempt = 1; bytes == null; attempt++) {
            record = call(() -> repository.find(key)).orElseThrow(() -> ImageCacheException.notFound(key));
            bytes = files.readIfPresent(record.path());
            if (bytes == null && attempt == 3) {
                // the row is committed: its file is lost, which is the server's failure, not an unknown key
                throw new ImageCacheException(
                        ImageCacheException.Reason.FILE_MISSING,
                        "The file of the image for key '" + key + "' is missing");
            }
        }
        if (lookup instanceof MemcacheLookup.Miss miss) {
            memcache.fill(key, miss, bytes, record.sha256());
        }
        return ImageContent.miss(
                key.value(), new ByteArrayInputStream(bytes), bytes.length, record.contentType(), record.sha256());
    }

    /**
     * A hit, streamed on from the memcache's connection: only its first bytes are read here, for the
     * type. The hash travels with the bytes (hashing every hit would cost more than all the rest).
     * A slow reader holds no thread here nor in the cache WAR: the container queues what the
     * response could not send yet.
     */
    private static ImageContent hit(ImageKey key, MemcacheLookup.Hit lookup) {
        InputStream value = lookup.value();
        try {
            byte[] head = value.readNBytes((int) Math.min(ImageFormat.HEADER_BYTES, lookup.length()));
            String type = ImageFormat.sniff(head).map(ImageFormat::contentType).orElse("application/octet-stream");
            InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), value);
            return ImageContent.hit(key.value(), whole, lookup.length(), type, lookup.sha256());
        } catch (IOException e) {
            lookup.close();
            throw new ImageCacheException(
                    ImageCacheException.Reason.CACHE_UNAVAILABLE, "Memcache answer broke off: " + e.getMessage(), e);
        }
    }

    public void delete(ImageKey key) {
        releaseQuietly(write(() -> writes.delete(key)));
    }

    public void deleteAll() {
        ImageWrites.Emptied emptied = write(writes::deleteAll);
        memcache.clearAfterDeletingAll(emptied.logSeq());
        emptied.removed().forEach(this::releaseQuietly);
    }

    /** Deletes a file no committed row uses any more; one that cannot be released now stays unused. */
    private void releaseQuietly(StoredFile file) {
        try {
            write(() -> {
                writes.release(file);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warning("File " + file.path() + " not released (kept, unused): " + e.getMessage());
        }
    }

    /** Runs a write transaction, again when the database ended it for a conflict with another writer. */
    private static <T> T write(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call(transaction);
            } catch (RuntimeException e) {
                if (attempt == WRITE_ATTEMPTS || !DatabaseFailures.isConflict(e)) {
                    throw e;
                }
                LOG.fine(() -> "Write conflict, tried again: " + Causes.rootMessage(e));
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** How many keys are stored whose key contains {@code filter}, ignoring case (empty: all). */
    public long count(String filter) {
        return call(() -> repository.count(filter));
    }

    /** At most {@code limit} keys that start with {@code prefix}, ignoring case, in order. */
    public List<String> keysStartingWith(String prefix, int limit) {
        return prefix == null || prefix.isEmpty() ? List.of() : call(() -> repository.keysStartingWith(prefix, limit));
    }

    public List<String> keys() {
        return call(repository::keys);
    }

    public List<StoredImage> list() {
        return call(repository::all).stream().map(ImageService::view).toList();
    }

    /** One page of the key list, filtered by a part of the key (ignoring case) and sorted. */
    public List<StoredImage> page(int offset, int limit, SortColumn sort, boolean ascending, String filter) {
        return call(() -> repository.page(offset, limit, sort, ascending, filter)).stream()
                .map(ImageService::view)
                .toList();
    }

    /**
     * What is stored under a key and whether the memcache holds it now (unknown when the memcache
     * is unavailable). Asking the memcache this way counts no request: the page that shows it then
     * fetches the image itself, and that fetch is the read that counts.
     */
    public ImageDetails describe(ImageKey key) {
        ImageRow record = call(() -> repository.find(key)).orElseThrow(() -> ImageCacheException.notFound(key));
        ImageDetails.InMemcache cached;
        try {
            cached = memcache.contains(key) ? ImageDetails.InMemcache.YES : ImageDetails.InMemcache.NO;
        } catch (ImageCacheException e) {
            cached = ImageDetails.InMemcache.UNKNOWN;
        }
        return new ImageDetails(view(record), record.sha256(), cached);
    }

    private static StoredImage view(ImageRow r) {
        return new StoredImage(
                r.key(),
                r.path(),
                r.bytes(),
                r.contentType(),
                r.sha256(),
                r.width(),
                r.height(),
                r.updatedAt().toInstant(ZoneOffset.UTC));
    }
}
