package imagecache.frontend.service;

import java.time.Instant;

/** What the key list shows of an image: its key, stored path (relative to IMAGES_DIR), size, type and time. */
public record StoredImage(String key, String path, long bytes, String contentType, Instant updatedAt) {}
