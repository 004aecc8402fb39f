package imagecache.frontend.domain;

/** A failure a user is told about; its {@link Reason} says what kind, and so which HTTP status. */
public class ImageCacheException extends RuntimeException {

    /** The kinds of failure, each with the HTTP status that reports it. */
    public enum Reason {
        /** A key, a file or a configuration value that breaks the rules. */
        INVALID_INPUT(400),
        /** The request clashes with what is under way (a resize of the memcache pool) or with how it runs. */
        CONFLICT(409),
        /** No image is stored under the key. */
        NOT_FOUND(404),
        /** A stored image whose file is gone from the image store: the store lost what the database says it has. */
        FILE_MISSING(500),
        /** The client sent its upload slower than the minimum rate (UPLOAD_MIN_RATE_KIB). */
        TOO_SLOW(408),
        /** The upload is larger than MAX_UPLOAD_MB. */
        TOO_LARGE(413),
        /** The upload is not one of the accepted image formats. */
        UNSUPPORTED_MEDIA(415),
        /** The database could not be reached or failed. */
        DATABASE_UNAVAILABLE(503),
        /** The memcache (the cache WAR) could not be reached. */
        CACHE_UNAVAILABLE(503),
        /** Too many uploads are being received; the client should try again shortly. */
        BUSY(503),
        /** The image bucket (IMAGE_STORE=s3) could not be reached or failed. */
        BUCKET_UNAVAILABLE(503),
        /** The image store (IMAGES_DIR) is full or cannot be written. */
        STORE_UNAVAILABLE(507);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;

    public ImageCacheException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ImageCacheException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public static ImageCacheException invalid(String message) {
        return new ImageCacheException(Reason.INVALID_INPUT, message);
    }

    public static ImageCacheException notFound(ImageKey key) {
        return new ImageCacheException(Reason.NOT_FOUND, "No image for key '" + key + "'");
    }
}
