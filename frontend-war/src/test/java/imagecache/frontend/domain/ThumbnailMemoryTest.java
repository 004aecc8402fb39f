package imagecache.frontend.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thumbnails of 40-megapixel images, made in a JVM whose 64 MB heap could not hold the image's
 * 120 MB raster: only decoding with source subsampling gets through.
 */
class ThumbnailMemoryTest {

    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private static final int WIDTH = 8000;
    private static final int HEIGHT = 5000;
    private static final String JPEG_FORMAT = "javax_imageio_jpeg_image_1.0";

    @TempDir
    Path dir;

    @Test
    void aFortyMegapixelPngIsMadeIntoAThumbnailInASmallHeap() throws Exception {
        Path png = dir.resolve("large.png");
        writeLargePng(png);

        assertEquals("256x160 JPEG", makeInSmallHeap(png, ImageFormat.PNG));
    }

    @Test
    void aFortyMegapixelJpegIsMadeIntoAThumbnailInASmallHeap() throws Exception {
        Path jpeg = dir.resolve("large.jpg");
        writeLargeJpeg(jpeg);

        assertEquals("256x160 JPEG", makeInSmallHeap(jpeg, ImageFormat.JPEG));
    }

    /** Makes the thumbnail in a child JVM: its size and format, as the child prints them. */
    private String makeInSmallHeap(Path image, ImageFormat format) throws IOException, InterruptedException {
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m",
                        "-Djava.awt.headless=true",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName(),
                        image.toString(),
                        format.name())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the thumbnail took more than 120 s");
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8).strip();
        String errors = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), () -> "the child failed: " + printed + "\n" + errors);
        assertTrue(errors.contains("peak heap"), errors);
        return printed;
    }

    /** Runs in a JVM of its own: makes the thumbnail of a file, prints its size, and the heap it took. */
    public static final class Child {

        private Child() {}

        public static void main(String[] args) throws IOException {
            Thumbnail thumbnail = new ThumbnailMaker(ThumbnailMaker.LONG_SIDE, 50_000_000L)
                    .make(Path.of(args[0]), ImageFormat.valueOf(args[1]));
            System.out.println(thumbnail.width() + "x" + thumbnail.height() + " " + thumbnail.format());
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.err.println("peak heap (sum over pools): " + peak / (1024 * 1024) + " MB");
        }
    }

    /** An 8000 x 5000 RGB PNG of gradients and squares, written a row at a time. */
    private static void writeLargePng(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.write(PNG_SIGNATURE);
            chunk(out, "IHDR", pngHeader(WIDTH, HEIGHT));
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (OutputStream pixels = new DeflaterOutputStream(new IdatChunks(out), deflater, 1 << 16)) {
                byte[] row = new byte[1 + 3 * WIDTH]; // starts with filter type 0: bytes as they are
                for (int y = 0; y < HEIGHT; y++) {
                    for (int x = 0; x < WIDTH; x++) {
                        row[1 + 3 * x] = (byte) (x * 256 / WIDTH);
                        row[2 + 3 * x] = (byte) (y * 256 / HEIGHT);
                        row[3 + 3 * x] = (byte) ((x / 100 + y / 100) % 2 * 255);
                    }
                    pixels.write(row);
                }
            } finally {
                deflater.end();
            }
            chunk(out, "IEND", new byte[0]);
        }
    }

    /**
     * An 8000 x 5000 JPEG whose rows of 16 x 16 blocks are all the same horizontal gradient. The JDK
     * writer needs the whole raster in memory, so it writes one row, with a restart interval of one
     * row; restart intervals are coded independently, so that row's data can be repeated, separated
     * by restart markers, as often as the taller frame header says.
     */
    private static void writeLargeJpeg(Path file) throws IOException {
        int blockRow = 16; // the JDK writer's default chroma subsampling makes 16 x 16 blocks
        BufferedImage strip = new BufferedImage(WIDTH, blockRow, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < blockRow; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int red = x * 256 / WIDTH;
                strip.setRGB(x, y, red << 16 | 0x80 << 8 | (255 - red));
            }
        }
        byte[] jpeg = writeWithRestartInterval(strip, WIDTH / blockRow);

        int scanStart = -1;
        int position = 2;
        while (scanStart < 0) {
            int marker = jpeg[position + 1] & 0xFF;
            int length = ByteBuffer.wrap(jpeg, position + 2, 2).getShort() & 0xFFFF;
            if (marker == 0xC0) {
                ByteBuffer.wrap(jpeg).putShort(position + 5, (short) HEIGHT);
            } else if (marker == 0xDA) {
                scanStart = position + 2 + length;
            }
            position += 2 + length;
        }
        byte[] rowData = Arrays.copyOfRange(jpeg, scanStart, jpeg.length - 2);
        for (int i = 0; i + 1 < rowData.length; i++) {
            boolean restart = (rowData[i] & 0xFF) == 0xFF && (rowData[i + 1] & 0xF8) == 0xD0;
            assertTrue(!restart, "the strip was coded as more than one restart interval");
        }

        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(jpeg, 0, scanStart);
            int rows = (HEIGHT + blockRow - 1) / blockRow;
            for (int row = 0; row < rows; row++) {
                out.write(rowData);
                if (row + 1 < rows) {
                    out.write(0xFF);
                    out.write(0xD0 + row % 8);
                }
            }
            out.write(0xFF);
            out.write(0xD9);
        }
    }

    private static byte[] writeWithRestartInterval(BufferedImage image, int interval) throws IOException {
        ImageWriter writer = jdkJpegWriter();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata =
                    writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(JPEG_FORMAT);
            IIOMetadataNode markers = (IIOMetadataNode)
                    root.getElementsByTagName("markerSequence").item(0);
            IIOMetadataNode restarts = new IIOMetadataNode("dri");
            restarts.setAttribute("interval", Integer.toString(interval));
            markers.insertBefore(restarts, root.getElementsByTagName("sof").item(0));
            metadata.setFromTree(JPEG_FORMAT, root);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, metadata), param);
            }
            byte[] jpeg = bytes.toByteArray();
            assertTrue(containsMarker(jpeg, 0xDD), "the JPEG writer left out the restart interval");
            return jpeg;
        } finally {
            writer.dispose();
        }
    }

    static ImageWriter jdkJpegWriter() {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        while (writers.hasNext()) {
            ImageWriter writer = writers.next();
            if (writer.getOriginatingProvider()
                    .getClass()
                    .getName()
                    .equals("com.sun.imageio.plugins.jpeg.JPEGImageWriterSpi")) {
                return writer;
            }
            writer.dispose();
        }
        throw new IllegalStateException("The JDK's JPEG writer is not registered");
    }

    private static boolean containsMarker(byte[] jpeg, int marker) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
                return true;
            }
        }
        return false;
    }

    /** The data of a PNG IHDR chunk: 8-bit RGB, not interlaced. */
    static byte[] pngHeader(int width, int height) {
        return ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8) // bits per sample
                .put((byte) 2) // colour type: RGB
                .put((byte) 0) // compression: deflate
                .put((byte) 0) // filtering: adaptive
                .put((byte) 0) // interlacing: none
                .array();
    }

    /** Writes a PNG chunk: length, type, data and the CRC32 of type and data. */
    static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeInt(data.length);
        out.write(name);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }

    /** Cuts compressed pixel data into IDAT chunks as it comes, so it is never held whole. */
    private static final class IdatChunks extends OutputStream {
        private final DataOutputStream png;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        IdatChunks(DataOutputStream png) {
            this.png = png;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            pending.write(bytes, offset, length);
            if (pending.size() >= 1 << 16) {
                emit();
            }
        }

        /** Leaves the PNG open: its end chunk is still to come. */
        @Override
        public void close() throws IOException {
            if (pending.size() > 0) {
                emit();
            }
        }

        private void emit() throws IOException {
            chunk(png, "IDAT", pending.toByteArray());
            pending.reset();
        }
    }
}
