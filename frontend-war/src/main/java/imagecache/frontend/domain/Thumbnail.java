package imagecache.frontend.domain;

import java.util.Objects;

/** A small encoded preview of an image: {@code bytes} in {@code format} (JPEG or PNG), upright. */
public record Thumbnail(byte[] bytes, ImageFormat format, int width, int height) {
    public Thumbnail {
        Objects.requireNonNull(bytes, "bytes");
        if (format != ImageFormat.JPEG && format != ImageFormat.PNG) {
            throw new IllegalArgumentException("A thumbnail is a JPEG or a PNG, not " + format);
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("A thumbnail has at least one pixel, not " + width + " x " + height);
        }
    }
}
