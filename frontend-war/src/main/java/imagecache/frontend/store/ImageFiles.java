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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The image files under IMAGES_DIR, named by the SHA-256 of their bytes. An upload is streamed to
 * a temporary file in {@code .tmp/} while it is hashed, measured and recognised, forced to disk, and
 * only then moved atomically to its final name, so a final name always holds a complete image.
 * Front ends may share IMAGES_DIR ({@link UploadTempFolder} keeps their temp files apart). With
 * {@code IMAGE_STORE=s3} uploads are staged here the same way, and published images live in the
 * bucket instead ({@link S3Images}).
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
    /** The usable space seen when an upload last failed for lack of it; -1 once an upload fits again. */
    private volatile long usableWhenFull = -1;

    @PreDestroy
    void close() {
        temp.close();
    }

    @PostConstruct
    void open() {
        root = Path.of(imagesDir.orElse(dataDir + "/images")).toAbsolutePath().normalize();
        temp = new UploadTempFolder(root);
        try {
            // a temp file left behind belongs to an upload that never finished (a crash)
            temp.open();
        } catch (IOException e) {
            // reads may still work; uploads answer 507 and readiness says why until it is mended
            LOG.severe("Cannot prepare IMAGES_DIR " + root + ": " + e);
        }
        LOG.info("Images are stored in " + root);
    }

    /**
     * Whether uploads can be stored now: the folder is writable, and no upload has failed for lack
     * of space since space was last freed (deleting images frees it; no restart is needed).
     */
    public StoreHealth health() {
        if (bucket.isEnabled()) {
            return new StoreHealth(-1, bucket.problem());
        }
        long usable;
        try {
            usable = Files.getFileStore(root).getUsableSpace();
        } catch (IOException e) {
            return new StoreHealth(0, "The image store is not readable: " + e.getMessage());
        }
        long fullMark = usableWhenFull;
        String problem = !(Files.isDirectory(root) && Files.isWritable(root))
                ? "The image store " + root + " is not writable"
                : fullMark >= 0 && usable <= fullMark ? "The image store is full: " + usable + " bytes free" : null;
        return new StoreHealth(usable, problem);
    }

    /** What {@link #health()} reports. {@code problem} is null when uploads can be stored. */
    public record StoreHealth(long usableBytes, String problem) {}

    /**
     * Streams an upload to a temporary file, refusing it as soon as it passes {@code maxBytes},
     * recognises its format from its first bytes, and checks from its header that it is whole and
     * has at most {@code maxPixels} pixels.
     */
    public StagedImage stage(InputStream content, long maxBytes, long maxPixels) {
        Path file = null;
        try {
            file = temp.newFile(READABLE);
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
            usableWhenFull = -1;
            return new StagedImage(file, ContentHash.hex(sha256), size, format, dimensions);
        } catch (IOException e) {
            deleteQuietly(file);
            throw storeFailure(e, "Cannot store the upload");
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    /**
     * Gives a staged upload its final name (a hard link: it appears whole at once, and the staged
     * file stays until {@link #discard}, so a write that is tried again can publish it again). A
     * file with the same content that is already there stays as it is.
     *
     * @return true if the final file was created now, false if it existed
     */
    public boolean publish(StagedImage staged) {
        if (bucket.isEnabled()) {
            return bucket.publish(staged);
        }
        Path target = root.resolve(staged.fileName());
        try {
            if (Files.exists(target)) {
                return false;
            }
            Files.createLink(target, staged.tempFile());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw storeFailure(e, "Cannot store " + staged.fileName());
        }
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
        if (bucket.isEnabled()) {
            return bucket.readIfPresent(resolve(path).getFileName().toString());
        }
        try {
            return Files.readAllBytes(resolve(path));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    /** Deletes an image file and its thumbnail. */
    public void delete(StoredFile file) {
        String thumbnail = thumbnailName(file.sha256());
        if (bucket.isEnabled()) {
            bucket.delete(resolve(file.path()).getFileName().toString());
            bucket.delete(thumbnail);
            return;
        }
        deleteQuietly(resolve(file.path()));
        deleteQuietly(root.resolve(thumbnail));
    }

    /**
     * Stores the thumbnail of the image with this hash beside it, whole or not at all (written to a
     * temp file, then renamed): identical images share one, and a replaced image has another name.
     */
    public void publishThumbnail(String sha256, Thumbnail thumbnail) {
        String name = thumbnailName(sha256);
        if (bucket.isEnabled()) {
            bucket.put(name, thumbnail.bytes(), thumbnail.format().contentType());
            return;
        }
        Path file = null;
        try {
            file = temp.newFile(READABLE);
            Files.write(file, thumbnail.bytes());
            Files.move(file, root.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(file);
            throw storeFailure(e, "Cannot store " + name);
        }
    }

    /** The thumbnail's bytes, or null when it has not been made (yet). */
    public byte[] readThumbnailIfPresent(String sha256) {
        String name = thumbnailName(sha256);
        if (bucket.isEnabled()) {
            return bucket.readIfPresent(name);
        }
        try {
            return Files.readAllBytes(root.resolve(name));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name, e);
        }
    }

    private static String thumbnailName(String sha256) {
        if (!ContentHash.isHex(sha256)) {
            throw new IllegalArgumentException("Not a content hash: " + sha256);
        }
        return sha256 + ".thumb";
    }

    /** Work on a stored image as a local file. */
    @FunctionalInterface
    public interface FileWork<T> {
        T apply(Path file) throws IOException;
    }

    /**
     * Runs {@code work} on the stored image as a local file (a temporary copy when the images are in
     * a bucket), or returns null when the image is gone.
     */
    public <T> T withLocalFile(String path, FileWork<T> work) throws IOException {
        if (!bucket.isEnabled()) {
            Path file = resolve(path);
            return Files.exists(file) ? work.apply(file) : null;
        }
        byte[] bytes = readIfPresent(path);
        if (bytes == null) {
            return null;
        }
        Path copy = temp.newFile(READABLE);
        try {
            Files.write(copy, bytes);
            return work.apply(copy);
        } finally {
            deleteQuietly(copy);
        }
    }

    private RuntimeException storeFailure(IOException failure, String action) {
        if (StoreFailures.isOutOfSpace(failure)) {
            try {
                usableWhenFull = Files.getFileStore(root).getUsableSpace();
            } catch (IOException e) {
                usableWhenFull = 0;
            }
        }
        return StoreFailures.describe(failure, action);
    }

    /** A stored path as a file under IMAGES_DIR; never anything outside it. */
    Path resolve(String path) {
        Path file = root.resolve(path).normalize();
        if (!file.getParent().equals(root)) {
            throw new IllegalArgumentException("Not an image file name: " + path);
        }
        return file;
    }

    private static void deleteQuietly(Path file) {
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
