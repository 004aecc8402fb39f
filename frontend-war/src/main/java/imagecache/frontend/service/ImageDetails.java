package imagecache.frontend.service;

/** An image's stored details, its hash, and whether the memcache holds it right now. */
public record ImageDetails(StoredImage image, String sha256, InMemcache inMemcache) {

    /** Whether the memcache holds the image, as far as it could be asked. */
    public enum InMemcache {
        YES,
        NO,
        /** The memcache did not answer. */
        UNKNOWN
    }
}
