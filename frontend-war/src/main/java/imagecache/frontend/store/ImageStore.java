package imagecache.frontend.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where published images and their thumbnails live: a folder ({@link FolderImages}) or a bucket
 * ({@link S3Images}), one of them chosen at start by {@link ImageFiles}. Everything is named by its
 * final name ({@code <sha256>.<ext>}, {@code <sha256>.thumb}), checked before it gets here.
 */
public interface ImageStore {

    /** Whether uploads can be stored now. */
    StoreHealth health();

    /**
     * Publishes a staged upload under its content-addressed name, unless something of that name is
     * there already: it holds the same bytes.
     *
     * @return true if it was created now, false if it existed
     */
    boolean publish(StagedImage staged);

    /** Stores small bytes (a thumbnail) under a name, whole or not at all; what had that name is replaced. */
    void put(String name, byte[] bytes, String contentType);

    /** The bytes stored under a name, or null when there are none (any more). */
    byte[] readIfPresent(String name);

    /** Removes what is stored under a name, if anything is. */
    void delete(String name);

    /**
     * The named image as a file on this machine, when this store keeps it as one and it is there;
     * empty for a store that keeps its images elsewhere (read them with {@link #readIfPresent}).
     */
    Optional<Path> localFile(String name);

    /** Work on a stored image as a local file. */
    @FunctionalInterface
    interface FileWork<T> {
        T apply(Path file) throws IOException;
    }
}
