package imagecache.frontend.service;

/** An image's stored details, its hash, and whether the memcache holds it (null: memcache unavailable). */
public record ImageDetails(StoredImage image, String sha256, Boolean inMemcache) {}
