package imagecache.cache;

/**
 * The answer to a read: the value and its tag on a hit; on a miss, a lease that lets the reader put
 * the value it then loads elsewhere, unless the key was written or invalidated in the meantime.
 */
public record MemcacheLookup(byte[] value, String tag, long lease) {

    static MemcacheLookup hit(byte[] value, String tag) {
        return new MemcacheLookup(value, tag, 0);
    }

    static MemcacheLookup miss(long lease) {
        return new MemcacheLookup(null, null, lease);
    }

    public boolean isHit() {
        return value != null;
    }
}
