package imagecache.frontend.store;

/** An image file as a row refers to it: its path relative to IMAGES_DIR and its content hash. */
public record StoredFile(String path, String sha256) {}
