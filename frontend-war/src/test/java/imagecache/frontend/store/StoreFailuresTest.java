package imagecache.frontend.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import imagecache.frontend.domain.ImageCacheException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class StoreFailuresTest {

    @Test
    void aFullDiskIsA507SayingTheStoreIsFull() {
        for (String message : new String[] {"No space left on device", "Disk quota exceeded"}) {
            IOException full = new IOException(message);
            ImageCacheException told =
                    assertInstanceOf(ImageCacheException.class, StoreFailures.describe(full, "store"));
            assertEquals(507, told.reason().status());
            assertEquals("The image store is full: no space left to store the image", told.getMessage());
            assertSame(full, told.getCause());
        }
    }

    @Test
    void anUnwritableFolderIsA507SayingSo() {
        ImageCacheException denied = assertInstanceOf(
                ImageCacheException.class,
                StoreFailures.describe(new AccessDeniedException("/images/.tmp/upload-1.part"), "store"));
        assertEquals(507, denied.reason().status());
        assertEquals("The image store is not writable: /images/.tmp/upload-1.part", denied.getMessage());
        ImageCacheException readOnly = assertInstanceOf(
                ImageCacheException.class,
                StoreFailures.describe(
                        new FileSystemException("/images/.tmp/upload-2.part", null, "Read-only file system"), "store"));
        assertEquals(507, readOnly.reason().status());
    }

    @Test
    void otherFailuresStayInternalErrors() {
        IOException broken = new IOException("Input/output error");
        UncheckedIOException internal =
                assertInstanceOf(UncheckedIOException.class, StoreFailures.describe(broken, "Cannot store x"));
        assertEquals("Cannot store x", internal.getMessage());
        assertSame(broken, internal.getCause());
        assertInstanceOf(
                UncheckedIOException.class,
                StoreFailures.describe(new FileSystemException("/images/x", null, "Too many open files"), "store"));
    }
}
