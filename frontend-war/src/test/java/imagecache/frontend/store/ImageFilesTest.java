package imagecache.frontend.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.domain.ContentHash;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import imagecache.frontend.domain.ImageFormat;
import imagecache.frontend.domain.ImageInspectorTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

    private static final byte[] PNG = ImageInspectorTest.encode("png", 5, 4);
    private static final long PIXELS = 50_000_000L;

    @TempDir
    Path dir;

    private ImageFiles files;

    @BeforeEach
    void open() throws Exception {
        Files.createDirectories(dir.resolve(".tmp"));
        Files.writeString(dir.resolve(".tmp/upload-crashed.part"), "left by a crash");
        files = new ImageFiles();
        files.imagesDir = Optional.of(dir.toString());
        files.open();
    }

    @Test
    void leftoverTempFilesAreRemovedAtStart() {
        assertEquals(0, count(dir.resolve(".tmp")));
    }

    @Test
    void stagedUploadIsHashedRecognisedAndPublishedUnderItsHash() {
        StagedImage staged = files.stage(new ByteArrayInputStream(PNG), 1000, PIXELS);
        assertEquals(ImageFormat.PNG, staged.format());
        assertEquals(PNG.length, staged.size());
        assertEquals(ContentHash.sha256Hex(PNG), staged.sha256());
        assertTrue(files.publish(staged));
        assertArrayEquals(PNG, files.read(staged.sha256() + ".png"));
        assertEquals(0, count(dir.resolve(".tmp")));

        StagedImage again = files.stage(new ByteArrayInputStream(PNG), 1000, PIXELS);
        assertFalse(files.publish(again), "identical content shares the existing file");
        assertEquals(1, count(dir) - 1);
        assertEquals(0, count(dir.resolve(".tmp")));
    }

    @Test
    void oversizedEmptyAndNonImageUploadsAreRefusedWithoutLeavingFiles() {
        ImageCacheException tooBig = assertThrows(
                ImageCacheException.class, () -> files.stage(new ByteArrayInputStream(PNG), PNG.length - 1, PIXELS));
        assertEquals(Reason.TOO_LARGE, tooBig.reason());
        assertEquals(
                Reason.INVALID_INPUT,
                assertThrows(ImageCacheException.class, () -> files.stage(InputStream.nullInputStream(), 10, PIXELS))
                        .reason());
        assertEquals(
                Reason.UNSUPPORTED_MEDIA,
                assertThrows(
                                ImageCacheException.class,
                                () -> files.stage(
                                        new ByteArrayInputStream("GIF? no".getBytes(StandardCharsets.UTF_8)),
                                        100,
                                        PIXELS))
                        .reason());
        assertEquals(0, count(dir.resolve(".tmp")));
        assertEquals(1, count(dir), "only the temp folder");
    }

    @Test
    void anEndlessStreamIsCutAtTheLimit() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0x89;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 0x89);
                return len;
            }
        };
        assertEquals(
                Reason.TOO_LARGE,
                assertThrows(ImageCacheException.class, () -> files.stage(endless, 1_000_000, PIXELS))
                        .reason());
        assertEquals(0, count(dir.resolve(".tmp")));
    }

    @Test
    void pathsOutsideTheImagesFolderAreNeverResolved() {
        assertThrows(IllegalArgumentException.class, () -> files.read("../escape.png"));
        assertThrows(IllegalArgumentException.class, () -> files.read(".tmp/x"));
        assertThrows(IllegalArgumentException.class, () -> files.delete("/etc/passwd"));
    }

    private static long count(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.count();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
