package imagecache.frontend.cacheclient;

/**
 * The memcache's answer to a read: the bytes and the content hash stored with them on a hit; on a
 * miss, the lease with which the value loaded from disk may be put back (0: none, e.g. when the
 * memcache was unavailable).
 */
public record CacheLookup(byte[] value, String sha256, long lease) {

    public static final CacheLookup UNAVAILABLE = new CacheLookup(null, null, 0);

    public boolean isHit() {
        return value != null;
    }
}
