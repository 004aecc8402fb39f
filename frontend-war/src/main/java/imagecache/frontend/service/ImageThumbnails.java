package imagecache.frontend.service;

import static imagecache.frontend.store.DatabaseFailures.call;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageFormat;
import imagecache.frontend.domain.ImageKey;
import imagecache.frontend.domain.Thumbnail;
import imagecache.frontend.domain.ThumbnailMaker;
import imagecache.frontend.store.ImageFiles;
import imagecache.frontend.store.ImageRepository;
import imagecache.frontend.store.ImageRow;
import imagecache.frontend.store.StagedImage;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Thumbnails: made once per content, at upload (unless {@code THUMBNAILS_AT_UPLOAD=false}) or on the
 * first request for an image stored without one, and stored beside the image under its hash. A
 * thumbnail that cannot be made leaves the image as it is; its page shows a placeholder.
 *
 * <p>Thumbnails stay out of the memcache: its capacity and its figures are the full images', and
 * a page of thumbnails would push the images out. Browsers keep them instead (their URLs carry the
 * image's hash, so they never change), and the operating system's page cache keeps the files.
 */
@ApplicationScoped
public class ImageThumbnails {

    private static final Logger LOG = Logger.getLogger(ImageThumbnails.class.getName());
    /** How many hashes whose image cannot be decoded are remembered, so that they are not decoded on every view. */
    private static final int UNREADABLE_REMEMBERED = 10_000;

    @Inject
    ImageRepository repository;

    @Inject
    ImageFiles files;

    @Inject
    ImageWrites writes;

    @Inject
    @ConfigProperty(name = "thumbnails.at.upload", defaultValue = "true")
    boolean atUpload;

    @Inject
    @ConfigProperty(name = "max.image.megapixels", defaultValue = "50")
    int maxMegapixels;

    /**
     * Decoding holds a subsampled raster of about a megapixel per image, but a format that cannot be
     * subsampled while it decodes holds the whole raster: two at a time bound the memory they take.
     */
    private final Semaphore decoders = new Semaphore(2);

    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
    private ThumbnailMaker maker;

    @PostConstruct
    void open() {
        maker = new ThumbnailMaker(ThumbnailMaker.LONG_SIDE, maxMegapixels * 1_000_000L);
    }

    /** The thumbnail of a staged upload, or empty when thumbnails are made later or cannot be made. */
    Optional<Thumbnail> ofUpload(StagedImage staged) {
        return atUpload ? tryMake(staged.tempFile(), staged.format(), staged.sha256()) : Optional.empty();
    }

    /** The key's thumbnail, made now if its image has none yet. */
    public ThumbnailContent find(ImageKey key) {
        ImageRow row = call(() -> repository.find(key)).orElseThrow(() -> ImageCacheException.notFound(key));
        Optional<byte[]> bytes = thumbnailOf(row);
        String type = bytes.map(made ->
                        ImageFormat.sniff(made).map(ImageFormat::contentType).orElse("application/octet-stream"))
                .orElse(null);
        return new ThumbnailContent(row.key(), row.sha256(), bytes, type);
    }

    /** A stored image's thumbnail: the stored one, else one made and stored now; empty when none can be made. */
    Optional<byte[]> thumbnailOf(ImageRow row) {
        byte[] stored = files.readThumbnailIfPresent(row.sha256());
        if (stored != null) {
            return Optional.of(stored);
        }
        Optional<Thumbnail> made = makeFor(row);
        made.ifPresent(thumbnail -> storeQuietly(row.sha256(), thumbnail));
        return made.map(Thumbnail::bytes);
    }

    private Optional<Thumbnail> makeFor(ImageRow row) {
        if (unreadable.contains(row.sha256())) {
            return Optional.empty();
        }
        Optional<ImageFormat> format = ImageFormat.ofContentType(row.contentType());
        if (format.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<Thumbnail> made =
                    files.withLocalFile(row.path(), file -> tryMake(file, format.get(), row.sha256()));
            return made == null ? Optional.empty() : made;
        } catch (IOException | UncheckedIOException e) {
            // not remembered: the file may well be readable next time
            LOG.warning("No thumbnail for " + row.path() + " now: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Thumbnail> tryMake(Path file, ImageFormat format, String sha256) {
        try {
            decoders.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.of(maker.make(file, format));
        } catch (RuntimeException e) {
            // a decoder's own failure on a file it cannot read, too: the upload stays good either way
            LOG.info(() -> "No thumbnail for " + sha256 + " (a placeholder is shown): " + e);
            if (unreadable.size() >= UNREADABLE_REMEMBERED) {
                unreadable.clear();
            }
            unreadable.add(sha256);
            return Optional.empty();
        } catch (IOException e) {
            LOG.warning("No thumbnail for " + sha256 + " now: " + e.getMessage());
            return Optional.empty();
        } finally {
            decoders.release();
        }
    }

    /** Stores a thumbnail made for a stored image, unless the image was deleted meanwhile. */
    private void storeQuietly(String sha256, Thumbnail thumbnail) {
        try {
            call(() -> {
                writes.storeThumbnail(sha256, thumbnail);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warning("Thumbnail of " + sha256 + " not stored (made again when asked): " + e.getMessage());
        }
    }
}
