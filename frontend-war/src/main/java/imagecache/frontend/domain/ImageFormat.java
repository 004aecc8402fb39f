package imagecache.frontend.domain;

import java.util.Optional;

/** The accepted image formats, recognised by their first bytes, never by name or declared type. */
public enum ImageFormat {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg"),
    GIF("image/gif", "gif"),
    WEBP("image/webp", "webp"),
    BMP("image/bmp", "bmp");

    /** How many leading bytes {@link #sniff} needs to decide. */
    public static final int HEADER_BYTES = 16;

    private final String contentType;
    private final String extension;

    ImageFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }

    /** The format with this content type, as stored with an image. */
    public static Optional<ImageFormat> ofContentType(String contentType) {
        for (ImageFormat format : values()) {
            if (format.contentType.equals(contentType)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The format whose signature starts {@code head} (of which {@code length} bytes are valid). */
    public static Optional<ImageFormat> sniff(byte[] head, int length) {
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, length, 'G', 'I', 'F', '8', '7', 'a')
                || startsWith(head, length, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of(GIF);
        }
        if (startsWith(head, length, 'R', 'I', 'F', 'F')
                && length >= 12
                && head[8] == 'W'
                && head[9] == 'E'
                && head[10] == 'B'
                && head[11] == 'P') {
            return Optional.of(WEBP);
        }
        // "BM", then a header size at offset 14 that one of the real BMP header versions uses
        if (startsWith(head, length, 'B', 'M') && length >= 15) {
            int dibHeaderSize = head[14] & 0xFF;
            if (dibHeaderSize == 12
                    || dibHeaderSize == 40
                    || dibHeaderSize == 52
                    || dibHeaderSize == 56
                    || dibHeaderSize == 64
                    || dibHeaderSize == 108
                    || dibHeaderSize == 124) {
                return Optional.of(BMP);
            }
        }
        return Optional.empty();
    }

    public static Optional<ImageFormat> sniff(byte[] bytes) {
        return sniff(bytes, bytes.length);
    }

    private static boolean startsWith(byte[] head, int length, int... signature) {
        if (length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((head[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
