package imagecache.frontend.domain;

import java.awt.image.BufferedImage;

/**
 * The EXIF orientation of a photo: cameras store the sensor's pixels as they came and record in
 * this tag (1 to 8) how to turn them to view the photo upright.
 */
final class ExifOrientation {

    static final int UPRIGHT = 1;

    private static final int ORIENTATION_TAG = 0x0112;
    private static final int SHORT_TYPE = 3;
    private static final byte[] EXIF_HEADER = {'E', 'x', 'i', 'f', 0, 0};

    private ExifOrientation() {}

    static boolean isValid(int orientation) {
        return orientation >= 1 && orientation <= 8;
    }

    /** Orientations 5 to 8 turn the image by a quarter, so its width and height trade places. */
    static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /** Whether an APP1 segment's data (its first {@code length} bytes) is EXIF rather than, say, XMP. */
    static boolean isExif(byte[] segment, int length) {
        if (Math.min(length, segment.length) < EXIF_HEADER.length) {
            return false;
        }
        for (int i = 0; i < EXIF_HEADER.length; i++) {
            if (segment[i] != EXIF_HEADER[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The orientation recorded in a JPEG APP1 segment's data ({@code length} bytes of {@code segment}
     * from its start, after the segment's length field), or {@link #UPRIGHT} when it is not EXIF, has
     * no orientation, or is damaged: a broken tag must not cost the user the image.
     */
    static int parse(byte[] segment, int length) {
        int end = Math.min(length, segment.length);
        if (!isExif(segment, end) || end < EXIF_HEADER.length + 8) {
            return UPRIGHT;
        }
        // offsets inside EXIF count from the start of its TIFF header
        int tiff = EXIF_HEADER.length;
        boolean bigEndian;
        if (segment[tiff] == 'M' && segment[tiff + 1] == 'M') {
            bigEndian = true;
        } else if (segment[tiff] == 'I' && segment[tiff + 1] == 'I') {
            bigEndian = false;
        } else {
            return UPRIGHT;
        }
        if (unsigned16(segment, tiff + 2, bigEndian) != 42) {
            return UPRIGHT;
        }
        long ifd = tiff + unsigned32(segment, tiff + 4, bigEndian);
        if (ifd + 2 > end) {
            return UPRIGHT;
        }
        int entries = unsigned16(segment, (int) ifd, bigEndian);
        for (int i = 0; i < entries; i++) {
            long entry = ifd + 2 + 12L * i;
            if (entry + 12 > end) {
                return UPRIGHT;
            }
            int at = (int) entry;
            if (unsigned16(segment, at, bigEndian) == ORIENTATION_TAG) {
                if (unsigned16(segment, at + 2, bigEndian) != SHORT_TYPE
                        || unsigned32(segment, at + 4, bigEndian) != 1) {
                    return UPRIGHT;
                }
                // a single SHORT sits in the first two bytes of the value field
                int orientation = unsigned16(segment, at + 8, bigEndian);
                return isValid(orientation) ? orientation : UPRIGHT;
            }
        }
        return UPRIGHT;
    }

    /**
     * The upright view of {@code stored}, an image of type TYPE_INT_RGB or TYPE_INT_ARGB whose
     * pixels are laid out as a camera with the given orientation stored them.
     */
    static BufferedImage apply(BufferedImage stored, int orientation) {
        if (orientation == UPRIGHT || !isValid(orientation)) {
            return stored;
        }
        int width = stored.getWidth();
        int height = stored.getHeight();
        boolean swap = swapsSides(orientation);
        int uprightWidth = swap ? height : width;
        int uprightHeight = swap ? width : height;
        int[] from = stored.getRGB(0, 0, width, height, null, 0, width);
        int[] to = new int[from.length];
        for (int y = 0; y < uprightHeight; y++) {
            for (int x = 0; x < uprightWidth; x++) {
                // where the pixel seen at (x, y) is stored
                int storedX;
                int storedY;
                switch (orientation) {
                    case 2 -> { // mirrored left to right
                        storedX = width - 1 - x;
                        storedY = y;
                    }
                    case 3 -> { // turned half a turn
                        storedX = width - 1 - x;
                        storedY = height - 1 - y;
                    }
                    case 4 -> { // mirrored top to bottom
                        storedX = x;
                        storedY = height - 1 - y;
                    }
                    case 5 -> { // mirrored along the main diagonal
                        storedX = y;
                        storedY = x;
                    }
                    case 6 -> { // viewed by turning it a quarter clockwise
                        storedX = y;
                        storedY = height - 1 - x;
                    }
                    case 7 -> { // mirrored along the other diagonal
                        storedX = width - 1 - y;
                        storedY = height - 1 - x;
                    }
                    default -> { // 8: viewed by turning it a quarter counterclockwise
                        storedX = width - 1 - y;
                        storedY = x;
                    }
                }
                to[y * uprightWidth + x] = from[storedY * width + storedX];
            }
        }
        BufferedImage upright = new BufferedImage(uprightWidth, uprightHeight, stored.getType());
        upright.setRGB(0, 0, uprightWidth, uprightHeight, to, 0, uprightWidth);
        return upright;
    }

    private static int unsigned16(byte[] bytes, int at, boolean bigEndian) {
        int first = bytes[at] & 0xFF;
        int second = bytes[at + 1] & 0xFF;
        return bigEndian ? first << 8 | second : second << 8 | first;
    }

    private static long unsigned32(byte[] bytes, int at, boolean bigEndian) {
        long high = unsigned16(bytes, bigEndian ? at : at + 2, bigEndian);
        long low = unsigned16(bytes, bigEndian ? at + 2 : at, bigEndian);
        return high << 16 | low;
    }
}
