package imagecache.frontend.store;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/**
 * Tells a full or unwritable image store apart from other I/O failures: the first is the operator's
 * to fix and the user is told so (507), the rest stay internal errors. The JDK reports a full disk
 * as a plain IOException carrying the operating system's message, so the message is what is read.
 */
final class StoreFailures {

    private StoreFailures() {}

    /** The failure as a user is told it: a 507 for a full or unwritable store, else unchanged. */
    static RuntimeException describe(IOException failure, String action) {
        if (isOutOfSpace(failure)) {
            return new ImageCacheException(
                    Reason.STORE_UNAVAILABLE, "The image store is full: no space left to store the image", failure);
        }
        if (isNotWritable(failure)) {
            return new ImageCacheException(
                    Reason.STORE_UNAVAILABLE, "The image store is not writable: " + failure.getMessage(), failure);
        }
        return new UncheckedIOException(action, failure);
    }

    static boolean isOutOfSpace(IOException failure) {
        String message = failure.getMessage();
        return message != null
                && (message.contains("No space left on device") || message.contains("Disk quota exceeded"));
    }

    static boolean isNotWritable(IOException failure) {
        return failure instanceof AccessDeniedException
                || failure instanceof FileSystemException fs && "Read-only file system".equals(fs.getReason());
    }
}
