package imagecache.frontend.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An image read by key, and whether the memcache served it (a hit) or the disk did (a miss). A hit's
 * bytes are not held here but streamed on from the memcache's connection by {@link #writeTo}, once;
 * close the content when done with it. Without bytes when the reader already had this image (see
 * {@link ImageService#find(String, String)}).
 */
public final class ImageContent implements AutoCloseable {

    /** Where a read was answered from. */
    enum Source {
        /** The memcache, with the bytes. */
        HIT,
        /** The disk, after the memcache missed or did not answer. */
        MISS,
        /** The memcache, which found the reader's copy current: no bytes. */
        UNCHANGED
    }

    private static final int COPY_BUFFER_BYTES = 32 * 1024;

    private final String key;
    private final InputStream bytes;
    private final long length;
    private final String contentType;
    private final String sha256;
    private final Source source;

    private ImageContent(String key, InputStream bytes, long length, String contentType, String sha256, Source source) {
        this.key = key;
        this.bytes = bytes;
        this.length = length;
        this.contentType = contentType;
        this.sha256 = sha256;
        this.source = source;
    }

    static ImageContent hit(String key, InputStream bytes, long length, String contentType, String sha256) {
        return new ImageContent(key, bytes, length, contentType, sha256, Source.HIT);
    }

    static ImageContent miss(String key, InputStream bytes, long length, String contentType, String sha256) {
        return new ImageContent(key, bytes, length, contentType, sha256, Source.MISS);
    }

    static ImageContent unchanged(String key, String sha256) {
        return new ImageContent(key, InputStream.nullInputStream(), 0, null, sha256, Source.UNCHANGED);
    }

    public String key() {
        return key;
    }

    public long length() {
        return length;
    }

    public String contentType() {
        return contentType;
    }

    public String sha256() {
        return sha256;
    }

    public boolean fromCache() {
        return source != Source.MISS;
    }

    public boolean isUnchanged() {
        return source == Source.UNCHANGED;
    }

    /** Copies the image to {@code out}; fails if fewer than {@link #length()} bytes arrive. */
    public void writeTo(OutputStream out) throws IOException {
        byte[] buffer = new byte[(int) Math.min(COPY_BUFFER_BYTES, Math.max(length, 1))];
        long remaining = length;
        while (remaining > 0) {
            int read = bytes.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                throw new IOException(
                        "Image of '" + key + "' cut short: " + (length - remaining) + " of " + length + " bytes");
            }
            out.write(buffer, 0, read);
            remaining -= read;
        }
    }

    @Override
    public void close() throws IOException {
        bytes.close();
    }
}
