package imagecache.frontend.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The usable space of IMAGES_DIR's volume seen when a write last failed for lack of it, until an
 * upload fits again. The folder reads as full while no more space than that is free, so freeing space
 * (deleting images) mends it without a restart.
 */
final class FullMark {

    private final Path root;
    /** -1 when no write has failed for lack of space since an upload last fitted. */
    private volatile long usableWhenFull = -1;

    FullMark(Path root) {
        this.root = root;
    }

    /** The failure as a user is told it ({@link StoreFailures}), noting the usable space if it is for lack of space. */
    RuntimeException failure(IOException failure, String action) {
        if (StoreFailures.isOutOfSpace(failure)) {
            try {
                usableWhenFull = Files.getFileStore(root).getUsableSpace();
            } catch (IOException e) {
                usableWhenFull = 0;
            }
        }
        return StoreFailures.describe(failure, action);
    }

    /** An upload fitted: space is no longer known to be short. */
    void clear() {
        usableWhenFull = -1;
    }

    /** Whether {@code usable} bytes are still no more than when a write last failed for lack of space. */
    boolean isFull(long usable) {
        long mark = usableWhenFull;
        return mark >= 0 && usable <= mark;
    }
}
