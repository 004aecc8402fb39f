package imagecache.frontend.service;

import imagecache.frontend.cacheclient.MemcacheCoherence;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageKey;
import imagecache.frontend.domain.Thumbnail;
import imagecache.frontend.store.ImageFiles;
import imagecache.frontend.store.ImageRepository;
import imagecache.frontend.store.StagedImage;
import imagecache.frontend.store.StoredContent;
import imagecache.frontend.store.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Each upload and delete as one database transaction holding the key's row lock, so that writes of
 * one key apply in one order on every front end sharing the database, and writes of different keys
 * do not wait for each other. A file that a write stopped using is released afterwards, in a
 * transaction of its own ({@link #release}): it holds the file's lock row, sees only committed
 * rows, and deletes the file if none uses it. So a reader never finds the file of a committed row
 * gone, and the last of several writers that drop a file is the one that deletes it. What a write
 * does to the memcache it registers with its transaction ({@link MemcacheCoherence}). {@link
 * ImageService} tries a write again when the database ended it for a conflict. In a pool each write
 * also appends to the memcache's write log, last, in its transaction (see {@link MemcacheCoherence}).
 */
@ApplicationScoped
@Transactional
public class ImageWrites {

    private static final Logger LOG = Logger.getLogger(ImageWrites.class.getName());

    @Inject
    ImageRepository repository;

    @Inject
    ImageFiles files;

    @Inject
    MemcacheCoherence memcache;

    /** What a publish did: its answer, and the file the key used before (which the caller releases). */
    public record Published(UploadResult result, Optional<StoredFile> replaced) {}

    /**
     * Publishes a staged upload under the key, holding the new file's lock row so that no release
     * deletes it meanwhile, and the key's row lock, under which the memcache gets the new image.
     */
    public Published publish(ImageKey key, StagedImage staged, Optional<Thumbnail> thumbnail) {
        repository.lock(key);
        repository.lockFile(staged.sha256());
        // an image that was there already has its thumbnail (or gets it on its first request)
        if (files.publish(staged)) {
            thumbnail.ifPresent(made -> publishThumbnailQuietly(key, staged.sha256(), made));
        }
        Optional<StoredFile> previous = repository.save(key, StoredContent.of(staged));
        long logSeq = memcache.logsWrites() ? repository.logWrite(key, staged.sha256()) : 0;
        memcache.onCommitPut(key, () -> files.readStaged(staged), staged.sha256(), logSeq);
        UploadResult result = new UploadResult(
                key.value(),
                previous.isPresent(),
                staged.size(),
                staged.format().contentType());
        return new Published(result, previous.filter(old -> !old.sha256().equals(staged.sha256())));
    }

    /**
     * A thumbnail is not worth an upload: one that cannot be stored now (a full disk) is made on its
     * first request instead.
     */
    private void publishThumbnailQuietly(ImageKey key, String sha256, Thumbnail thumbnail) {
        try {
            files.publishThumbnail(sha256, thumbnail);
        } catch (ImageCacheException | UncheckedIOException e) {
            LOG.warning("Upload of '" + key + "' stored without its thumbnail: " + e.getMessage());
        }
    }

    /** Deletes the key's row; returns its file, which the caller releases. */
    public StoredFile delete(ImageKey key) {
        repository.lock(key).orElseThrow(() -> ImageCacheException.notFound(key));
        StoredFile removed = repository.delete(key).orElseThrow(() -> ImageCacheException.notFound(key));
        long logSeq = memcache.logsWrites() ? repository.logWrite(key, null) : 0;
        memcache.onCommitDrop(key, logSeq);
        return removed;
    }

    /** What a delete of every row did: their files, which the caller releases, and its write log row (0: none). */
    public record Emptied(List<StoredFile> removed, long logSeq) {}

    /** Deletes every row. */
    public Emptied deleteAll() {
        List<StoredFile> removed = repository.deleteAll();
        long logSeq = memcache.logsWrites() ? repository.logWrite(null, null) : 0;
        return new Emptied(removed, logSeq);
    }

    /** Deletes the file and its thumbnail if no committed row uses it, holding its lock row. */
    public void release(StoredFile file) {
        repository.lockFile(file.sha256());
        if (!repository.releaseFile(file.sha256())) {
            files.delete(file);
        }
    }

    /**
     * Stores a thumbnail made for a stored image, holding the file's lock row so that no release
     * deletes the image meanwhile; nothing is stored when no key uses the image any more.
     */
    public void storeThumbnail(String sha256, Thumbnail thumbnail) {
        if (repository.lockFileIfUsed(sha256)) {
            files.publishThumbnail(sha256, thumbnail);
        }
    }
}
