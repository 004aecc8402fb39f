package imagecache.frontend.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import imagecache.frontend.domain.ImageCacheException.Reason;
import imagecache.frontend.domain.ImageInspector.Dimensions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class ImageInspectorTest {

    private static final long LIMIT = 50_000_000L;

    @TempDir
    Path dir;

    /** A real image of the given size, written by ImageIO. */
    public static byte[] encode(String format, int width, int height) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @CsvSource({"png,PNG", "jpg,JPEG", "gif,GIF", "bmp,BMP"})
    void readsTheDimensionsOfRealImages(String writer, ImageFormat format) throws Exception {
        assertEquals(new Dimensions(37, 21), inspect(encode(writer, 37, 21), format, LIMIT));
    }

    @Test
    void readsWebpDimensionsOfEachKindOfHeader() throws Exception {
        // spotless:off (one byte per line would hide the header's layout)
        byte[] lossless = {'R', 'I', 'F', 'F', 26, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L', 13, 0, 0, 0,
            0x2f, (byte) 0xC7, 0x40, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        // spotless:on
        // width - 1 = 0x0C7 | (0x40 & 0x3F) << 8 = 199; height - 1 = (0x40 >> 6) | 0x05 << 2 = 21
        assertEquals(new Dimensions(200, 22), inspect(lossless, ImageFormat.WEBP, LIMIT));
        byte[] extended = webpWithChunk("VP8X", new byte[] {0, 0, 0, 0, (byte) 0xFF, 0x03, 0, 0x7F, 0x02, 0});
        assertEquals(new Dimensions(1024, 640), inspect(extended, ImageFormat.WEBP, LIMIT));
        byte[] lossy = webpWithChunk(
                "VP8 ", new byte[] {0, 0, 0, (byte) 0x9D, 0x01, 0x2A, (byte) 0x80, 0x02, (byte) 0xE0, 0x01});
        assertEquals(new Dimensions(640, 480), inspect(lossy, ImageFormat.WEBP, LIMIT));
    }

    @Test
    void anImageBombIsRefusedFromItsHeaderAlone() throws Exception {
        byte[] png = encode("png", 10, 10);
        ByteBuffer.wrap(png).order(ByteOrder.BIG_ENDIAN).putInt(16, 100_000).putInt(20, 100_000);
        ImageCacheException refused =
                assertThrows(ImageCacheException.class, () -> inspect(png, ImageFormat.PNG, LIMIT));
        assertEquals(Reason.TOO_LARGE, refused.reason());
        assertEquals("Image is too large: 100000 x 100000 pixels, at most 50 megapixels", refused.getMessage());
        byte[] extended = webpWithChunk(
                "VP8X",
                new byte[] {0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertEquals(
                Reason.TOO_LARGE,
                assertThrows(ImageCacheException.class, () -> inspect(extended, ImageFormat.WEBP, LIMIT))
                        .reason());
    }

    @ParameterizedTest
    @CsvSource({"png,PNG", "jpg,JPEG", "gif,GIF", "bmp,BMP"})
    void aTruncatedImageIsRefused(String writer, ImageFormat format) {
        byte[] whole = encode(writer, 40, 30);
        byte[] truncated = Arrays.copyOf(whole, whole.length - 20);
        ImageCacheException refused = assertThrows(ImageCacheException.class, () -> inspect(truncated, format, LIMIT));
        assertEquals(Reason.UNSUPPORTED_MEDIA, refused.reason());
    }

    @Test
    void aPngWithSomethingAppendedIsRefused() {
        byte[] png = encode("png", 4, 4);
        byte[] polyglot = Arrays.copyOf(png, png.length + 30);
        System.arraycopy("<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8), 0, polyglot, png.length, 25);
        assertEquals(
                "Not a valid PNG image: it is truncated or has data after its end",
                assertThrows(ImageCacheException.class, () -> inspect(polyglot, ImageFormat.PNG, LIMIT))
                        .getMessage());
    }

    @Test
    void onlyAMagicNumberIsNotAnImage() {
        byte[] magicOnly = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        assertEquals(
                Reason.UNSUPPORTED_MEDIA,
                assertThrows(ImageCacheException.class, () -> inspect(magicOnly, ImageFormat.PNG, LIMIT))
                        .reason());
        byte[] jpegWithoutFrame = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
        assertEquals(
                Reason.UNSUPPORTED_MEDIA,
                assertThrows(ImageCacheException.class, () -> inspect(jpegWithoutFrame, ImageFormat.JPEG, LIMIT))
                        .reason());
    }

    @Test
    void readsTheExifOrientationOfAJpeg() throws Exception {
        byte[] photo = withExifOrientation(encode("jpg", 40, 30), 6, ByteOrder.BIG_ENDIAN);

        Dimensions dimensions = inspect(photo, ImageFormat.JPEG, LIMIT);

        assertEquals(new Dimensions(40, 30, 6), dimensions);
        assertEquals(new Dimensions(30, 40), dimensions.upright());
        assertEquals(1200, dimensions.pixels());
    }

    @ParameterizedTest
    @CsvSource({"1,40,30", "2,40,30", "3,40,30", "4,40,30", "5,30,40", "6,30,40", "7,30,40", "8,30,40"})
    void onlyQuarterTurnsSwapTheUprightSides(int orientation, long width, long height) throws Exception {
        byte[] photo = withExifOrientation(encode("jpg", 40, 30), orientation, ByteOrder.LITTLE_ENDIAN);

        Dimensions dimensions = inspect(photo, ImageFormat.JPEG, LIMIT);

        assertEquals(orientation, dimensions.orientation());
        assertEquals(new Dimensions(width, height, 1), dimensions.upright());
    }

    @Test
    void findsTheExifOrientationAfterAnXmpSegment() throws Exception {
        byte[] photo = withExifOrientation(encode("jpg", 40, 30), 8, ByteOrder.BIG_ENDIAN);
        byte[] xmp = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>".getBytes(StandardCharsets.US_ASCII);

        byte[] withXmp = splice(photo, 2, segment(0xE1, xmp));

        assertEquals(8, inspect(withXmp, ImageFormat.JPEG, LIMIT).orientation());
    }

    @Test
    void aDamagedExifBlockMeansUpright() throws Exception {
        byte[] jpeg = encode("jpg", 40, 30);
        byte[] badValue = withExifOrientation(jpeg, 6, ByteOrder.BIG_ENDIAN);
        badValue[2 + 4 + 6 + 8 + 2 + 12 + 8 + 1] = 9; // the orientation value
        byte[] badByteOrder = withExifOrientation(jpeg, 6, ByteOrder.BIG_ENDIAN);
        badByteOrder[2 + 4 + 6] = 'X';
        byte[] ifdPastTheEnd = withExifOrientation(jpeg, 6, ByteOrder.BIG_ENDIAN);
        ByteBuffer.wrap(ifdPastTheEnd).putInt(2 + 4 + 6 + 4, 0x7FFF_FFF0);
        byte[] notAShort = withExifOrientation(jpeg, 6, ByteOrder.BIG_ENDIAN);
        notAShort[2 + 4 + 6 + 8 + 2 + 12 + 3] = 4; // the orientation's type, now LONG
        byte[] tooShort = splice(jpeg, 2, segment(0xE1, "Exif\0\0MM".getBytes(StandardCharsets.US_ASCII)));

        for (byte[] damaged : new byte[][] {badValue, badByteOrder, ifdPastTheEnd, notAShort, tooShort}) {
            Dimensions dimensions = inspect(damaged, ImageFormat.JPEG, LIMIT);
            assertEquals(new Dimensions(40, 30, 1), dimensions);
        }
    }

    @Test
    void anExifSegmentCutShortByTheEndOfTheFileIsRefusedAsBefore() {
        byte[] photo = withExifOrientation(encode("jpg", 40, 30), 6, ByteOrder.BIG_ENDIAN);
        // the segment's length now reaches past the end marker, so no frame header is found
        byte[] cut = Arrays.copyOf(photo, 2 + 4 + 30);
        ByteBuffer.wrap(cut).putShort(4, (short) 0xFFF0);
        cut[cut.length - 2] = (byte) 0xFF;
        cut[cut.length - 1] = (byte) 0xD9;

        assertEquals(
                "Not a valid JPEG image: it has no frame header",
                assertThrows(ImageCacheException.class, () -> inspect(cut, ImageFormat.JPEG, LIMIT))
                        .getMessage());
    }

    @Test
    void otherFormatsAreUpright() throws Exception {
        assertEquals(1, inspect(encode("png", 40, 30), ImageFormat.PNG, LIMIT).orientation());
        assertThrows(IllegalArgumentException.class, () -> new Dimensions(40, 30, 0));
        assertThrows(IllegalArgumentException.class, () -> new Dimensions(40, 30, 9));
    }

    /**
     * The JPEG with an EXIF APP1 segment right after its start marker: a TIFF header in the given
     * byte order and one IFD holding a camera make, then the orientation.
     */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation, ByteOrder order) {
        ByteBuffer exif = ByteBuffer.allocate(6 + 8 + 2 + 2 * 12 + 4).order(order);
        exif.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII))
                .put((order == ByteOrder.BIG_ENDIAN ? "MM" : "II").getBytes(StandardCharsets.US_ASCII))
                .putShort((short) 42)
                .putInt(8) // the first IFD follows the TIFF header
                .putShort((short) 2)
                // Make, ASCII, 4 bytes, held in the value field itself
                .putShort((short) 0x010F)
                .putShort((short) 2)
                .putInt(4)
                .put("Cam\0".getBytes(StandardCharsets.US_ASCII))
                // Orientation, SHORT, 1 value, in the first two bytes of the value field
                .putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0)
                .putInt(0); // no next IFD
        return splice(jpeg, 2, segment(0xE1, exif.array()));
    }

    private static byte[] segment(int marker, byte[] data) {
        return ByteBuffer.allocate(4 + data.length)
                .put((byte) 0xFF)
                .put((byte) marker)
                .putShort((short) (2 + data.length))
                .put(data)
                .array();
    }

    private static byte[] splice(byte[] bytes, int at, byte[] inserted) {
        byte[] result = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(bytes, at, result, at + inserted.length, bytes.length - at);
        return result;
    }

    private Dimensions inspect(byte[] bytes, ImageFormat format, long maxPixels) throws IOException {
        Path file = Files.write(Files.createTempFile(dir, "image", ".bin"), bytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return ImageInspector.inspect(channel, format, maxPixels);
        }
    }

    private static byte[] webpWithChunk(String fourcc, byte[] data) {
        ByteBuffer file = ByteBuffer.allocate(20 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        file.put("RIFF".getBytes(StandardCharsets.UTF_8))
                .putInt(12 + data.length)
                .put("WEBP".getBytes(StandardCharsets.UTF_8))
                .put(fourcc.getBytes(StandardCharsets.UTF_8))
                .putInt(data.length)
                .put(data);
        return file.array();
    }
}
