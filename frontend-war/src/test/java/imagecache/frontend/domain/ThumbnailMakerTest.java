package imagecache.frontend.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.domain.ImageCacheException.Reason;
import imagecache.frontend.domain.ImageInspector.Dimensions;
import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ThumbnailMakerTest {

    private static final long LIMIT = 50_000_000L;
    private static final Color YELLOW = new Color(255, 255, 0);

    private final ThumbnailMaker maker = new ThumbnailMaker(ThumbnailMaker.LONG_SIDE, LIMIT);

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"png,PNG", "jpg,JPEG", "gif,GIF", "bmp,BMP"})
    void eachFormatGivesTheImageScaledDown(String writer, ImageFormat format) throws Exception {
        Thumbnail thumbnail = maker.make(write(encode(quadrants(800, 600, false), writer)), format);

        BufferedImage shown = decode(thumbnail);
        assertEquals(ImageFormat.JPEG, thumbnail.format());
        assertEquals(256, shown.getWidth());
        assertEquals(192, shown.getHeight());
        assertEquals(ThumbnailMaker.fit(800, 600, 256), new Dimensions(thumbnail.width(), thumbnail.height()));
        assertQuadrants(shown, Color.RED, Color.GREEN, Color.BLUE, YELLOW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lossy.webp", "lossless.webp"})
    void webpImagesGiveTheImageScaledDown(String fixture) throws Exception {
        // the fixtures are 300 x 200 quadrants, made by cwebp from PNGs like quadrants(300, 200, ...)
        Thumbnail thumbnail = maker.make(write(fixture(fixture)), ImageFormat.WEBP);

        BufferedImage shown = decode(thumbnail);
        assertEquals(ImageFormat.JPEG, thumbnail.format());
        assertEquals(256, shown.getWidth());
        assertEquals(171, shown.getHeight());
        assertQuadrants(shown, Color.RED, Color.GREEN, Color.BLUE, YELLOW);
    }

    @Test
    void aWebpWithTransparencyKeepsIt() throws Exception {
        // lossy colour with a lossless alpha channel in which the top right quadrant is transparent
        Thumbnail thumbnail = maker.make(write(fixture("alpha.webp")), ImageFormat.WEBP);

        BufferedImage shown = decode(thumbnail);
        assertEquals(ImageFormat.PNG, thumbnail.format());
        assertEquals(0, alphaAt(shown, 192, 43));
        assertEquals(255, alphaAt(shown, 64, 43));
        assertColour(Color.RED, shown, 64, 43);
        assertColour(YELLOW, shown, 192, 128);
    }

    @ParameterizedTest
    @CsvSource({"png,PNG", "jpg,JPEG", "gif,GIF", "bmp,BMP"})
    void aSmallImageIsNotEnlarged(String writer, ImageFormat format) throws Exception {
        Thumbnail thumbnail = maker.make(write(encode(quadrants(40, 30, false), writer)), format);

        BufferedImage shown = decode(thumbnail);
        assertEquals(40, shown.getWidth());
        assertEquals(30, shown.getHeight());
        assertColour(Color.RED, shown, 8, 6);
        assertColour(YELLOW, shown, 32, 24);
    }

    @Test
    void aTallImageFitsByItsHeight() throws Exception {
        Thumbnail thumbnail = maker.make(write(encode(quadrants(300, 1200, false), "png")), ImageFormat.PNG);

        assertEquals(64, thumbnail.width());
        assertEquals(256, thumbnail.height());
        assertQuadrants(decode(thumbnail), Color.RED, Color.GREEN, Color.BLUE, YELLOW);
    }

    @Test
    void aPngWithTransparencyGivesAPngThatKeepsIt() throws Exception {
        Thumbnail thumbnail = maker.make(write(encode(quadrants(800, 600, true), "png")), ImageFormat.PNG);

        BufferedImage shown = decode(thumbnail);
        assertEquals(ImageFormat.PNG, thumbnail.format());
        assertEquals(ImageFormat.PNG, ImageFormat.sniff(thumbnail.bytes()).orElseThrow());
        assertEquals(0, alphaAt(shown, 192, 48));
        assertEquals(255, alphaAt(shown, 64, 48));
        assertColour(Color.RED, shown, 64, 48);
        assertColour(Color.BLUE, shown, 64, 144);
    }

    @Test
    void aPngWithAnAlphaChannelButNoTransparencyGivesAJpeg() throws Exception {
        BufferedImage opaque = new BufferedImage(800, 600, BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = opaque.createGraphics();
        graphics.drawImage(quadrants(800, 600, false), 0, 0, null);
        graphics.dispose();

        Thumbnail thumbnail = maker.make(write(encode(opaque, "png")), ImageFormat.PNG);

        assertEquals(ImageFormat.JPEG, thumbnail.format());
        assertEquals(ImageFormat.JPEG, ImageFormat.sniff(thumbnail.bytes()).orElseThrow());
        assertQuadrants(decode(thumbnail), Color.RED, Color.GREEN, Color.BLUE, YELLOW);
    }

    @Test
    void aGifWithATransparentColourGivesAPngThatKeepsIt() throws Exception {
        byte[] red = {(byte) 255, 0, 0, (byte) 255};
        byte[] green = {0, (byte) 255, 0, (byte) 255};
        byte[] blue = {0, 0, (byte) 255, 0};
        // index 3 is the GIF's transparent colour, used for the top right quadrant
        IndexColorModel palette = new IndexColorModel(2, 4, red, green, blue, 3);
        BufferedImage image = new BufferedImage(800, 600, BufferedImage.TYPE_BYTE_INDEXED, palette);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 800; x++) {
                int index = y < 300 ? (x < 400 ? 0 : 3) : (x < 400 ? 2 : 1);
                image.getRaster().setSample(x, y, 0, index);
            }
        }

        Thumbnail thumbnail = maker.make(write(encode(image, "gif")), ImageFormat.GIF);

        BufferedImage shown = decode(thumbnail);
        assertEquals(ImageFormat.PNG, thumbnail.format());
        assertEquals(0, alphaAt(shown, 192, 48));
        assertColour(Color.RED, shown, 64, 48);
        assertColour(Color.BLUE, shown, 64, 144);
        assertColour(Color.GREEN, shown, 192, 144);
    }

    @Test
    void aCmykJpegAsPrintSoftwareSavesItGivesTheRightColours() throws Exception {
        // Adobe's convention: inverted CMYK samples, and an APP14 "Adobe" segment saying so
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 400, 200, 4, null);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 400; x++) {
                int[] redOrBlue = x < 200 ? new int[] {0, 255, 255, 0} : new int[] {255, 255, 0, 0};
                cmyk.setPixel(
                        x, y, Arrays.stream(redOrBlue).map(ink -> 255 - ink).toArray());
            }
        }
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageWriter writer = ThumbnailMemoryTest.jdkJpegWriter();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(jpeg)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            writer.dispose();
        }
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] bytes = jpeg.toByteArray();
        byte[] marked = new byte[bytes.length + adobe.length];
        System.arraycopy(bytes, 0, marked, 0, 2);
        System.arraycopy(adobe, 0, marked, 2, adobe.length);
        System.arraycopy(bytes, 2, marked, 2 + adobe.length, bytes.length - 2);

        Thumbnail thumbnail = maker.make(write(marked), ImageFormat.JPEG);

        BufferedImage shown = decode(thumbnail);
        assertEquals(ImageFormat.JPEG, thumbnail.format());
        assertEquals(256, shown.getWidth());
        assertEquals(128, shown.getHeight());
        assertColour(Color.RED, shown, 64, 64);
        assertColour(Color.BLUE, shown, 192, 64);
    }

    @Test
    void aPhotoTakenWithTheCameraTurnedRightIsTurnedUpright() throws Exception {
        // orientation 6: the stored image must be turned a quarter clockwise, so its left is the top
        Thumbnail thumbnail = maker.make(write(leftRedRightBlue(6, ByteOrder.BIG_ENDIAN)), ImageFormat.JPEG);

        BufferedImage shown = decode(thumbnail);
        assertEquals(ThumbnailMaker.fit(200, 400, 256), new Dimensions(shown.getWidth(), shown.getHeight()));
        assertEquals(128, shown.getWidth());
        assertEquals(256, shown.getHeight());
        assertColour(Color.RED, shown, 64, 32);
        assertColour(Color.BLUE, shown, 64, 224);
    }

    @Test
    void aPhotoTakenWithTheCameraTurnedLeftIsTurnedUpright() throws Exception {
        // orientation 8: turned a quarter counterclockwise, so the stored image's right is the top
        Thumbnail thumbnail = maker.make(write(leftRedRightBlue(8, ByteOrder.LITTLE_ENDIAN)), ImageFormat.JPEG);

        BufferedImage shown = decode(thumbnail);
        assertEquals(128, shown.getWidth());
        assertEquals(256, shown.getHeight());
        assertColour(Color.BLUE, shown, 64, 32);
        assertColour(Color.RED, shown, 64, 224);
    }

    @Test
    void aPhotoTakenUpsideDownIsTurnedUpright() throws Exception {
        Thumbnail thumbnail = maker.make(write(leftRedRightBlue(3, ByteOrder.LITTLE_ENDIAN)), ImageFormat.JPEG);

        BufferedImage shown = decode(thumbnail);
        assertEquals(256, shown.getWidth());
        assertEquals(128, shown.getHeight());
        assertColour(Color.BLUE, shown, 32, 64);
        assertColour(Color.RED, shown, 224, 64);
    }

    @Test
    void aMirroredPhotoIsMirroredBack() throws Exception {
        // orientation 2 mirrors left to right; a top-to-bottom split would show no difference
        BufferedImage image = quadrants(400, 200, false);
        Thumbnail thumbnail = maker.make(
                write(ImageInspectorTest.withExifOrientation(encode(image, "jpg"), 2, ByteOrder.BIG_ENDIAN)),
                ImageFormat.JPEG);

        assertQuadrants(decode(thumbnail), Color.GREEN, Color.RED, YELLOW, Color.BLUE);
    }

    @Test
    void aDamagedExifBlockLeavesThePhotoAsStored() throws Exception {
        byte[] jpeg = leftRedRightBlue(6, ByteOrder.BIG_ENDIAN);
        // the offset of the first IFD now points far past the segment's end
        ByteBuffer.wrap(jpeg).putInt(2 + 4 + 6 + 4, 0x7FFF_FFF0);

        BufferedImage shown = decode(maker.make(write(jpeg), ImageFormat.JPEG));

        assertEquals(256, shown.getWidth());
        assertEquals(128, shown.getHeight());
        assertColour(Color.RED, shown, 32, 64);
    }

    @Test
    @Timeout(5)
    void anImageBombIsRefusedBeforeItIsDecoded() throws Exception {
        // a valid PNG of a few dozen bytes that declares 100000 x 100000 pixels (30 GB as RGB)
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(png);
        out.write(ThumbnailMemoryTest.PNG_SIGNATURE);
        ThumbnailMemoryTest.chunk(out, "IHDR", ThumbnailMemoryTest.pngHeader(100_000, 100_000));
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(pixels)) {
            deflater.write(new byte[1 + 3 * 100]);
        }
        ThumbnailMemoryTest.chunk(out, "IDAT", pixels.toByteArray());
        ThumbnailMemoryTest.chunk(out, "IEND", new byte[0]);
        Path bomb = write(png.toByteArray());

        ImageCacheException refused = assertThrows(ImageCacheException.class, () -> maker.make(bomb, ImageFormat.PNG));
        assertEquals(Reason.TOO_LARGE, refused.reason());
        assertEquals("Image is too large: 100000 x 100000 pixels, at most 50 megapixels", refused.getMessage());
    }

    @Test
    @Timeout(5)
    void aWebpBombIsRefusedBeforeItIsDecoded() throws Exception {
        Path file = write(webpDeclaring(16_000, 16_000));
        ImageCacheException refused = assertThrows(ImageCacheException.class, () -> maker.make(file, ImageFormat.WEBP));
        assertEquals(Reason.TOO_LARGE, refused.reason());
    }

    @Test
    @Timeout(5)
    void aWebpTooLargeToDecodeWholeGetsNoThumbnailWithinThePixelLimit() throws Exception {
        // 20 megapixels: accepted as an image (under 50), but its reader would hold about 80 MB
        Path file = write(webpDeclaring(5_000, 4_000));
        ImageCacheException refused = assertThrows(ImageCacheException.class, () -> maker.make(file, ImageFormat.WEBP));
        assertEquals(Reason.UNSUPPORTED_MEDIA, refused.reason());
        assertTrue(refused.getMessage().contains("16 megapixels"), refused.getMessage());
    }

    /** The lossy fixture behind an extended header that declares a {@code width} x {@code height} canvas. */
    private static byte[] webpDeclaring(int width, int height) throws IOException {
        byte[] webp = fixture("lossy.webp");
        ByteBuffer header = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(webp.length - 8 + 18)
                .put("WEBPVP8X".getBytes(StandardCharsets.US_ASCII))
                .putInt(10)
                .putInt(0);
        putUint24(header, width - 1);
        putUint24(header, height - 1);
        byte[] declared = new byte[header.capacity() + webp.length - 12];
        System.arraycopy(header.array(), 0, declared, 0, header.capacity());
        System.arraycopy(webp, 12, declared, header.capacity(), webp.length - 12);
        return declared;
    }

    @Test
    @Timeout(10)
    void aJpegThatPassesInspectionButCannotBeDecodedIsUnsupported() throws Exception {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        // start of image, then a frame header for a 300 x 200 colour image
        jpeg.write(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 17, 8, 0, (byte) 200, 1, 44, 3});
        jpeg.write(new byte[] {1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1});
        for (int i = 0; i < 500; i++) {
            jpeg.write(i * 7 % 255); // never 0xFF, so nothing in it looks like a marker
        }
        jpeg.write(new byte[] {(byte) 0xFF, (byte) 0xD9});
        Path file = write(jpeg.toByteArray());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertEquals(new Dimensions(300, 200), ImageInspector.inspect(channel, ImageFormat.JPEG, LIMIT));
        }

        ImageCacheException refused = assertThrows(ImageCacheException.class, () -> maker.make(file, ImageFormat.JPEG));
        assertEquals(Reason.UNSUPPORTED_MEDIA, refused.reason());
    }

    @Test
    void aPngWithDamagedPixelDataIsUnsupported() throws Exception {
        byte[] png = encode(quadrants(80, 60, false), "png");
        int idat = indexOf(png, "IDAT".getBytes(StandardCharsets.US_ASCII));
        png[idat + 4] = 0; // the zlib header, so inflating fails at once
        png[idat + 5] = 0;

        ImageCacheException refused =
                assertThrows(ImageCacheException.class, () -> maker.make(write(png), ImageFormat.PNG));
        assertEquals(Reason.UNSUPPORTED_MEDIA, refused.reason());
    }

    @Test
    void aMissingFileIsAnInputOutputFailure() {
        assertThrows(IOException.class, () -> maker.make(dir.resolve("gone.png"), ImageFormat.PNG));
    }

    @Test
    void fitKeepsTheProportionsWithinTheLongSide() {
        assertEquals(new Dimensions(256, 192), ThumbnailMaker.fit(800, 600, 256));
        assertEquals(new Dimensions(192, 256), ThumbnailMaker.fit(600, 800, 256));
        assertEquals(new Dimensions(256, 160), ThumbnailMaker.fit(8000, 5000, 256));
        assertEquals(new Dimensions(256, 256), ThumbnailMaker.fit(256, 256, 256));
        assertEquals(new Dimensions(40, 30), ThumbnailMaker.fit(40, 30, 256));
        assertEquals(new Dimensions(256, 1), ThumbnailMaker.fit(100_000, 3, 256));
        assertEquals(new Dimensions(1, 256), ThumbnailMaker.fit(1, 100_000, 256));
    }

    /** An image in four coloured quadrants: red, green / blue, yellow; with {@code clearTopRight} that one is transparent. */
    private static BufferedImage quadrants(int width, int height, boolean clearTopRight) {
        BufferedImage image = new BufferedImage(
                width, height, clearTopRight ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        int halfWidth = width / 2;
        int halfHeight = height / 2;
        graphics.setColor(Color.RED);
        graphics.fillRect(0, 0, halfWidth, halfHeight);
        graphics.setColor(Color.GREEN);
        graphics.fillRect(halfWidth, 0, width - halfWidth, halfHeight);
        graphics.setColor(Color.BLUE);
        graphics.fillRect(0, halfHeight, halfWidth, height - halfHeight);
        graphics.setColor(YELLOW);
        graphics.fillRect(halfWidth, halfHeight, width - halfWidth, height - halfHeight);
        if (clearTopRight) {
            graphics.setComposite(AlphaComposite.Clear);
            graphics.fillRect(halfWidth, 0, width - halfWidth, halfHeight);
        }
        graphics.dispose();
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JPEG written by the JDK, 400 x 200 with a red left half and a blue right half, and the EXIF orientation. */
    private static byte[] leftRedRightBlue(int orientation, ByteOrder exifByteOrder) {
        BufferedImage image = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(Color.RED);
        graphics.fillRect(0, 0, 200, 200);
        graphics.setColor(Color.BLUE);
        graphics.fillRect(200, 0, 200, 200);
        graphics.dispose();
        return ImageInspectorTest.withExifOrientation(encode(image, "jpg"), orientation, exifByteOrder);
    }

    private static BufferedImage decode(Thumbnail thumbnail) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumbnail.bytes()));
        assertNotNull(image, "the thumbnail does not decode");
        assertEquals(thumbnail.width(), image.getWidth());
        assertEquals(thumbnail.height(), image.getHeight());
        assertTrue(Math.max(image.getWidth(), image.getHeight()) <= ThumbnailMaker.LONG_SIDE);
        return image;
    }

    /** Samples the middle of each quadrant, where scaling and compression leave the colour alone. */
    private static void assertQuadrants(
            BufferedImage image, Color topLeft, Color topRight, Color bottomLeft, Color bottomRight) {
        int left = image.getWidth() / 4;
        int right = image.getWidth() * 3 / 4;
        int top = image.getHeight() / 4;
        int bottom = image.getHeight() * 3 / 4;
        assertColour(topLeft, image, left, top);
        assertColour(topRight, image, right, top);
        assertColour(bottomLeft, image, left, bottom);
        assertColour(bottomRight, image, right, bottom);
    }

    private static void assertColour(Color expected, BufferedImage image, int x, int y) {
        Color actual = new Color(image.getRGB(x, y), true);
        int tolerance = 40;
        assertTrue(
                Math.abs(expected.getRed() - actual.getRed()) <= tolerance
                        && Math.abs(expected.getGreen() - actual.getGreen()) <= tolerance
                        && Math.abs(expected.getBlue() - actual.getBlue()) <= tolerance,
                () -> "at " + x + "," + y + " expected about " + expected + " but was " + actual);
    }

    private static int alphaAt(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) >>> 24;
    }

    private static void putUint24(ByteBuffer buffer, int value) {
        buffer.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = ThumbnailMakerTest.class.getResourceAsStream("/images/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(dir, "image", ".bin"), bytes);
    }
}
