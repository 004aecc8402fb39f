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
import org.junit.jupiter.api.AfterEach;
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
        Files.writeString(dir.resolve(".tmp/crashed-front-end.123.part"), "left by a crash");
        files = folderStore();
        files.open();
    }

    private ImageFiles folderStore() {
        ImageFiles store = new ImageFiles();
        store.imagesDir = Optional.of(dir.toString());
        store.bucket = new S3Images();
        store.bucket.store = "files";
        return store;
    }

    @AfterEach
    void close() {
        files.close();
    }

    @Test
    void leftoverTempFilesAreRemovedAtStart() {
        assertEquals(0, count(dir.resolve(".tmp")));
    }

    @Test
    void aSecondFrontEndOnTheSameFolderLeavesTheFirstOnesUploadInProgressAlone() throws Exception {
        StagedImage inProgress = null;
        Path partial;
        try (InputStream slow = new ByteArrayInputStream(PNG)) {
            inProgress = files.stage(slow, 1000, PIXELS);
        }
        partial = inProgress.tempFile();
        ImageFiles second = folderStore();
        second.open();
        try {
            assertTrue(Files.exists(partial), "the first front end still runs: its temp file stays");
        } finally {
            second.close();
        }
        files.close();
        ImageFiles restarted = folderStore();
        restarted.open();
        try {
            assertFalse(Files.exists(partial), "its owner is gone: removed");
        } finally {
            restarted.close();
        }
    }

    @Test
    void stagedUploadIsHashedRecognisedAndPublishedUnderItsHash() {
        StagedImage staged = files.stage(new ByteArrayInputStream(PNG), 1000, PIXELS);
        assertEquals(ImageFormat.PNG, staged.format());
        assertEquals(PNG.length, staged.size());
        assertEquals(ContentHash.sha256Hex(PNG), staged.sha256());
        assertTrue(files.publish(staged));
        assertArrayEquals(PNG, files.readIfPresent(staged.sha256() + ".png"));
        assertFalse(files.publish(staged), "published again (a write tried again): nothing changes");
        files.discard(staged);
        assertEquals(0, count(dir.resolve(".tmp")));
        assertArrayEquals(
                PNG, files.readIfPresent(staged.sha256() + ".png"), "the published file outlives its staged one");

        StagedImage again = files.stage(new ByteArrayInputStream(PNG), 1000, PIXELS);
        assertFalse(files.publish(again), "identical content shares the existing file");
        files.discard(again);
        assertEquals(1, count(dir) - 2, "one image beside the temp and lock folders");
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
        assertEquals(2, count(dir), "only the temp and lock folders");
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
        assertThrows(IllegalArgumentException.class, () -> files.readIfPresent("../escape.png"));
        assertThrows(IllegalArgumentException.class, () -> files.readIfPresent(".tmp/x"));
        assertThrows(IllegalArgumentException.class, () -> files.delete(new StoredFile("/etc/passwd", "0".repeat(64))));
        assertThrows(IllegalArgumentException.class, () -> files.readThumbnailIfPresent("../x"));
    }

    private static long count(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.count();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
