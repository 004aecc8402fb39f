package imagecache.frontend.service;

import java.time.Instant;

/**
 * What the key list shows of an image: its key, stored path (relative to IMAGES_DIR), size, type,
 * content hash, width and height as a viewer sees it (null until known) and time.
 */
public record StoredImage(
        String key,
        String path,
        long bytes,
        String contentType,
        String sha256,
        Integer width,
        Integer height,
        Instant updatedAt) {}
