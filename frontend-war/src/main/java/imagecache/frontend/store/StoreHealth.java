package imagecache.frontend.store;

/**
 * Whether uploads can be stored now, as the image store reports it: {@code problem} is null when
 * they can. {@code usableBytes} is the free space of IMAGES_DIR's volume, or -1 for a bucket.
 */
public record StoreHealth(long usableBytes, String problem) {}
