package imagecache.cache;

/**
 * The answer to a read: the value and its tag on a hit; on a miss, a lease that lets the reader put
 * the value it then loads elsewhere, unless the key was written or invalidated in the meantime.
 */
public record Lookup(byte[] value, String tag, long lease) {

    static Lookup hit(byte[] value, String tag) {
        return new Lookup(value, tag, 0);
    }

    static Lookup miss(long lease) {
        return new Lookup(null, null, lease);
    }

    public boolean isHit() {
        return value != null;
    }
}
