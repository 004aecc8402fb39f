package imagecache.frontend.store;

import imagecache.frontend.domain.ContentHash;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import imagecache.frontend.domain.ImageFormat;
import imagecache.frontend.domain.ImageInspector;
import imagecache.frontend.domain.ImageInspector.Dimensions;
import imagecache.frontend.domain.Thumbnail;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The image files, named by the SHA-256 of their bytes. An upload is streamed to a temporary file in
 * IMAGES_DIR's {@code .tmp/} while it is hashed, measured and recognised, forced to disk, and only
 * then published under its final name, so a final name always holds a complete image. Front ends may
 * share IMAGES_DIR ({@link UploadTempFolder} keeps their temp files apart). Published images and
 * thumbnails live in one {@link ImageStore}, chosen at start: the folder itself ({@link
 * FolderImages}), or with {@code IMAGE_STORE=s3} a bucket ({@link S3Images}).
 */
@ApplicationScoped
public class ImageFiles {

    private static final Logger LOG = Logger.getLogger(ImageFiles.class.getName());
    private static final FileAttribute<?> READABLE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

    @Inject
    @ConfigProperty(name = "images.dir")
    Optional<String> imagesDir;

    @Inject
    @ConfigProperty(name = "data.dir", defaultValue = "./data")
    String dataDir;

    private Path root;

    @Inject
    S3Images bucket;

    private UploadTempFolder temp;
    private FullMark full;
    /** Where published images and thumbnails live. */
    private ImageStore store;

    @PreDestroy
    void close() {
        temp.close();
    }

    @PostConstruct
    void open() {
        root = Path.of(imagesDir.orElse(dataDir + "/images")).toAbsolutePath().normalize();
        temp = new UploadTempFolder(root);
        full = new FullMark(root);
        try {
            // a temp file left behind belongs to an upload that never finished (a crash)
            temp.open();
        } catch (IOException e) {
            // reads may still work; uploads answer 507 and readiness says why until it is mended
            LOG.severe("Cannot prepare IMAGES_DIR " + root + ": " + e);
        }
        LOG.info("Images are stored in " + root);
        store = bucket.isEnabled() ? bucket : new FolderImages(root, this::newTempFile, full);
    }

    /**
     * Whether uploads can be stored now: for the folder, it is writable and no upload has failed for
     * lack of space since space was last freed; for a bucket, it answers.
     */
    public StoreHealth health() {
        return store.health();
    }

    /**
     * Streams an upload to a temporary file, refusing it as soon as it passes {@code maxBytes},
     * recognises its format from its first bytes, and checks from its header that it is whole and
     * has at most {@code maxPixels} pixels.
     */
    public StagedImage stage(InputStream content, long maxBytes, long maxPixels) {
        Path file = null;
        try {
            file = newTempFile();
            MessageDigest sha256 = ContentHash.newDigest();
            byte[] head = new byte[ImageFormat.HEADER_BYTES];
            int headLength = 0;
            long size = 0;
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = content.read(buffer)) != -1; ) {
                    size += n;
                    if (size > maxBytes) {
                        throw new ImageCacheException(
                                Reason.TOO_LARGE,
                                "File is larger than the upload limit of " + maxBytes / (1024 * 1024) + " MB");
                    }
                    if (headLength < head.length) {
                        int take = Math.min(n, head.length - headLength);
                        System.arraycopy(buffer, 0, head, headLength, take);
                        headLength += take;
                    }
                    sha256.update(buffer, 0, n);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                }
                out.force(true);
            }
            if (size == 0) {
                throw ImageCacheException.invalid("File is empty");
            }
            int length = headLength;
            ImageFormat format = ImageFormat.sniff(head, length)
                    .orElseThrow(() -> new ImageCacheException(
                            Reason.UNSUPPORTED_MEDIA,
                            "Not an image: accepted formats are PNG, JPEG, GIF, WebP and BMP"));
            Dimensions dimensions;
            try (FileChannel stored = FileChannel.open(file, StandardOpenOption.READ)) {
                dimensions = ImageInspector.inspect(stored, format, maxPixels).upright();
            }
            full.clear();
            return new StagedImage(file, ContentHash.hex(sha256), size, format, dimensions);
        } catch (IOException e) {
            deleteQuietly(file);
            throw full.failure(e, "Cannot store the upload");
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    /**
     * Gives a staged upload its final name in the image store (it appears whole at once, and the
     * staged file stays until {@link #discard}, so a write that is tried again can publish it again).
     * A file with the same content that is already there stays as it is.
     *
     * @return true if the final file was created now, false if it existed
     */
    public boolean publish(StagedImage staged) {
        return store.publish(staged);
    }

    /** Drops a staged upload that was not published (it may already be gone). */
    public void discard(StagedImage staged) {
        deleteQuietly(staged.tempFile());
    }

    /** The bytes of a staged upload (read from the local temp file, also when the images are in a bucket). */
    public byte[] readStaged(StagedImage staged) {
        try {
            return Files.readAllBytes(staged.tempFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + staged.tempFile(), e);
        }
    }

    /** The file's bytes, or null when there is no such file (any more). */
    public byte[] readIfPresent(String path) {
        return store.readIfPresent(nameOf(path));
    }

    /** Deletes an image file and its thumbnail. */
    public void delete(StoredFile file) {
        String thumbnail = thumbnailName(file.sha256());
        store.delete(nameOf(file.path()));
        store.delete(thumbnail);
    }

    /**
     * Stores the thumbnail of the image with this hash beside it, whole or not at all: identical
     * images share one, and a replaced image has another name.
     */
    public void publishThumbnail(String sha256, Thumbnail thumbnail) {
        store.put(thumbnailName(sha256), thumbnail.bytes(), thumbnail.format().contentType());
    }

    /** The thumbnail's bytes, or null when it has not been made (yet). */
    public byte[] readThumbnailIfPresent(String sha256) {
        return store.readIfPresent(thumbnailName(sha256));
    }

    private static String thumbnailName(String sha256) {
        if (!ContentHash.isHex(sha256)) {
            throw new IllegalArgumentException("Not a content hash: " + sha256);
        }
        return sha256 + ".thumb";
    }

    /**
     * Runs {@code work} on the stored image as a local file (a temporary copy when the images are in
     * a bucket), or returns null when the image is gone.
     */
    public <T> T withLocalFile(String path, ImageStore.FileWork<T> work) throws IOException {
        String name = nameOf(path);
        Optional<Path> local = store.localFile(name);
        if (local.isPresent()) {
            return work.apply(local.get());
        }
        byte[] bytes = store.readIfPresent(name);
        if (bytes == null) {
            return null;
        }
        Path copy = newTempFile();
        try {
            Files.write(copy, bytes);
            return work.apply(copy);
        } finally {
            deleteQuietly(copy);
        }
    }

    /** A new temp file of this front end's, readable by all like the published files. */
    private Path newTempFile() throws IOException {
        return temp.newFile(READABLE);
    }

    /** A stored path as a file under IMAGES_DIR; never anything outside it. */
    Path resolve(String path) {
        Path file = root.resolve(path).normalize();
        if (!file.getParent().equals(root)) {
            throw new IllegalArgumentException("Not an image file name: " + path);
        }
        return file;
    }

    /** The name a stored path has in the image store; never anything outside IMAGES_DIR. */
    private String nameOf(String path) {
        return resolve(path).getFileName().toString();
    }

    /** Deletes a file if it is there; a failure is logged, not thrown. */
    static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning("Cannot delete " + file + ": " + e.getMessage());
        }
    }
}
