package imagecache.frontend.service;

/** An image read by key, and whether the memcache served it (a hit) or the disk did (a miss). */
public record ImageContent(String key, byte[] bytes, String contentType, String sha256, boolean fromCache) {}
