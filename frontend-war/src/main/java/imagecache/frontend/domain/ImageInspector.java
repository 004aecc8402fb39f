package imagecache.frontend.domain;

import imagecache.frontend.domain.ImageCacheException.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;

/**
 * Checks a stored upload without decoding it: its dimensions come from the format's header (so an
 * image bomb, a small file declaring a huge canvas, is refused before anything decodes it), and its
 * end must be where the format says (so a truncated file is refused).
 */
public final class ImageInspector {

    /**
     * Width and height in pixels as stored, and the EXIF orientation (1 to 8) saying how to turn the
     * stored pixels to view them upright; 1 when the image says nothing.
     */
    public record Dimensions(long width, long height, int orientation) {
        public Dimensions {
            if (!ExifOrientation.isValid(orientation)) {
                throw new IllegalArgumentException("EXIF orientation must be 1 to 8, not " + orientation);
            }
        }

        public Dimensions(long width, long height) {
            this(width, height, ExifOrientation.UPRIGHT);
        }

        public long pixels() {
            return width * height;
        }

        /** The dimensions as the image is viewed, once turned upright. */
        public Dimensions upright() {
            return ExifOrientation.swapsSides(orientation)
                    ? new Dimensions(height, width)
                    : new Dimensions(width, height);
        }
    }

    private static final byte[] PNG_END = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    private ImageInspector() {}

    /**
     * The image's dimensions, after checking that it is whole and at most {@code maxPixels} large.
     *
     * @throws ImageCacheException 415 when the file is not a well-formed image of its format, 413 when
     *     it declares more pixels than allowed
     */
    public static Dimensions inspect(SeekableByteChannel file, ImageFormat format, long maxPixels) throws IOException {
        Dimensions dimensions;
        try {
            dimensions = switch (format) {
                case PNG -> png(file);
                case GIF -> gif(file);
                case JPEG -> jpeg(file);
                case BMP -> bmp(file);
                case WEBP -> webp(file);
            };
        } catch (EOFException e) {
            throw broken(format, "it ends too early");
        }
        if (dimensions.width() <= 0 || dimensions.height() <= 0) {
            throw broken(format, "it declares no pixels");
        }
        if (dimensions.pixels() > maxPixels) {
            throw new ImageCacheException(
                    Reason.TOO_LARGE,
                    "Image is too large: " + dimensions.width() + " x " + dimensions.height() + " pixels, at most "
                            + maxPixels / 1_000_000 + " megapixels");
        }
        return dimensions;
    }

    private static Dimensions png(SeekableByteChannel file) throws IOException {
        ByteBuffer header = read(file, 8, 25, ByteOrder.BIG_ENDIAN);
        if (header.getInt(0) != 13
                || header.get(4) != 'I'
                || header.get(5) != 'H'
                || header.get(6) != 'D'
                || header.get(7) != 'R') {
            throw broken(ImageFormat.PNG, "it has no IHDR header");
        }
        requireEnd(file, ImageFormat.PNG, PNG_END);
        return new Dimensions(Integer.toUnsignedLong(header.getInt(8)), Integer.toUnsignedLong(header.getInt(12)));
    }

    private static Dimensions gif(SeekableByteChannel file) throws IOException {
        ByteBuffer header = read(file, 6, 4, ByteOrder.LITTLE_ENDIAN);
        requireEnd(file, ImageFormat.GIF, new byte[] {0x3B});
        return new Dimensions(Short.toUnsignedInt(header.getShort(0)), Short.toUnsignedInt(header.getShort(2)));
    }

    private static Dimensions jpeg(SeekableByteChannel file) throws IOException {
        requireJpegEnd(file);
        long position = 2;
        int orientation = 0; // none found yet
        // walk the marker segments up to the frame header (SOFn), which holds the dimensions
        while (position + 4 <= file.size()) {
            ByteBuffer marker = read(file, position, 4, ByteOrder.BIG_ENDIAN);
            if ((marker.get(0) & 0xFF) != 0xFF) {
                throw broken(ImageFormat.JPEG, "its markers are damaged");
            }
            int type = marker.get(1) & 0xFF;
            if (type == 0xFF) {
                position++; // fill byte
                continue;
            }
            int length = Short.toUnsignedInt(marker.getShort(2));
            boolean frameHeader = type >= 0xC0 && type <= 0xCF && type != 0xC4 && type != 0xC8 && type != 0xCC;
            if (frameHeader) {
                ByteBuffer frame = read(file, position + 5, 4, ByteOrder.BIG_ENDIAN);
                return new Dimensions(
                        Short.toUnsignedInt(frame.getShort(2)),
                        Short.toUnsignedInt(frame.getShort(0)),
                        orientation == 0 ? ExifOrientation.UPRIGHT : orientation);
            }
            if (type == 0xDA || length < 2) {
                break; // image data before any frame header
            }
            if (type == 0xE1 && orientation == 0) {
                orientation = exifOrientation(file, position + 4, length - 2);
            }
            position += 2 + length;
        }
        throw broken(ImageFormat.JPEG, "it has no frame header");
    }

    /**
     * The orientation in the APP1 segment whose data ({@code length} bytes) starts at {@code position},
     * or 0 when the segment is not EXIF (XMP uses APP1 too), so a later one may still be. A segment
     * cut short by the end of the file is parsed as far as it goes; its missing end is reported by
     * the marker walk as before.
     */
    private static int exifOrientation(SeekableByteChannel file, long position, int length) throws IOException {
        int available = (int) Math.max(0, Math.min(length, file.size() - position));
        byte[] segment = read(file, position, available, ByteOrder.BIG_ENDIAN).array();
        if (!ExifOrientation.isExif(segment, available)) {
            return 0;
        }
        return ExifOrientation.parse(segment, available);
    }

    private static Dimensions bmp(SeekableByteChannel file) throws IOException {
        ByteBuffer header = read(file, 2, 24, ByteOrder.LITTLE_ENDIAN);
        long declaredSize = Integer.toUnsignedLong(header.getInt(0));
        if (declaredSize > file.size()) {
            throw broken(ImageFormat.BMP, "it is shorter than its header says");
        }
        int dibSize = header.getInt(12);
        if (dibSize == 12) {
            return new Dimensions(Short.toUnsignedInt(header.getShort(16)), Short.toUnsignedInt(header.getShort(18)));
        }
        return new Dimensions(Math.abs((long) header.getInt(16)), Math.abs((long) header.getInt(20)));
    }

    private static Dimensions webp(SeekableByteChannel file) throws IOException {
        ByteBuffer header = read(file, 4, 26, ByteOrder.LITTLE_ENDIAN);
        long declaredSize = Integer.toUnsignedLong(header.getInt(0)) + 8;
        if (declaredSize > file.size()) {
            throw broken(ImageFormat.WEBP, "it is shorter than its header says");
        }
        String chunk = new String(
                new byte[] {header.get(8), header.get(9), header.get(10), header.get(11)},
                java.nio.charset.StandardCharsets.ISO_8859_1);
        return switch (chunk) {
            // lossy: a 14-bit width and height after the frame tag and start code
            case "VP8 " ->
                new Dimensions(
                        Short.toUnsignedInt(header.getShort(22)) & 0x3FFF,
                        Short.toUnsignedInt(header.getShort(24)) & 0x3FFF);
            // lossless: 14-bit width - 1 and height - 1 packed after the signature byte
            case "VP8L" -> {
                int bits = header.getInt(17);
                yield new Dimensions(1 + (bits & 0x3FFF), 1 + ((bits >>> 14) & 0x3FFF));
            }
            // extended: 24-bit canvas width - 1 and height - 1
            case "VP8X" -> new Dimensions(1 + uint24(header, 20), 1 + uint24(header, 23));
            default -> throw broken(ImageFormat.WEBP, "its first chunk is unknown");
        };
    }

    private static long uint24(ByteBuffer buffer, int at) {
        return (buffer.get(at) & 0xFF) | (buffer.get(at + 1) & 0xFF) << 8 | (buffer.get(at + 2) & 0xFF) << 16;
    }

    /** Some cameras append their own data after the end marker, so it is looked for near the end. */
    private static void requireJpegEnd(SeekableByteChannel file) throws IOException {
        int window = (int) Math.min(file.size() - 2, 64 * 1024);
        ByteBuffer tail = read(file, file.size() - window, window, ByteOrder.BIG_ENDIAN);
        for (int i = window - 2; i >= 0; i--) {
            if ((tail.get(i) & 0xFF) == 0xFF && (tail.get(i + 1) & 0xFF) == 0xD9) {
                return;
            }
        }
        throw broken(ImageFormat.JPEG, "it is truncated (no end marker)");
    }

    private static void requireEnd(SeekableByteChannel file, ImageFormat format, byte[] end) throws IOException {
        if (file.size() < end.length) {
            throw new EOFException();
        }
        ByteBuffer tail = read(file, file.size() - end.length, end.length, ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < end.length; i++) {
            if (tail.get(i) != end[i]) {
                throw broken(format, "it is truncated or has data after its end");
            }
        }
    }

    private static ByteBuffer read(SeekableByteChannel file, long position, int length, ByteOrder order)
            throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(order);
        file.position(position);
        while (buffer.hasRemaining()) {
            if (file.read(buffer) < 0) {
                throw new EOFException();
            }
        }
        return buffer.flip();
    }

    private static ImageCacheException broken(ImageFormat format, String why) {
        return new ImageCacheException(Reason.UNSUPPORTED_MEDIA, "Not a valid " + format.name() + " image: " + why);
    }
}
