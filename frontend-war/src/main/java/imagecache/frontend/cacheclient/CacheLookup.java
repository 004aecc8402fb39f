package imagecache.frontend.cacheclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The memcache's answer to a read: on a hit, the value as a stream of known length straight off the
 * connection, with the content hash stored beside it; on a miss, the lease with which the value loaded
 * from disk may be put back (0: none, e.g. when the memcache was unavailable). A conditional read of a
 * hit whose hash the reader already had comes back with the hash and no value.
 *
 * <p>A hit must be closed (or its value read to the end and closed) to give the connection back.
 */
public record CacheLookup(InputStream value, long length, String sha256, long lease) implements AutoCloseable {

    public static final CacheLookup UNAVAILABLE = new CacheLookup(null, 0, null, 0);

    static CacheLookup hit(InputStream value, long length, String sha256) {
        return new CacheLookup(value, length, sha256, 0);
    }

    static CacheLookup unchanged(String sha256) {
        return new CacheLookup(null, 0, sha256, 0);
    }

    static CacheLookup miss(long lease) {
        return new CacheLookup(null, 0, null, lease);
    }

    public boolean isHit() {
        return value != null || isUnchanged();
    }

    /** A hit whose hash is the one the reader named: the reader's copy is current. */
    public boolean isUnchanged() {
        return value == null && sha256 != null;
    }

    @Override
    public void close() {
        if (value != null) {
            try {
                value.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
