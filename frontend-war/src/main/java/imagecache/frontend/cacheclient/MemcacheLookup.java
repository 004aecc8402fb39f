package imagecache.frontend.cacheclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The memcache's answer to a read: one of a hit, an unchanged hit, a miss, or no answer at all. */
public sealed interface MemcacheLookup {

    /**
     * The value as a stream of known length straight off the connection, with the content hash stored
     * beside it. Close it (or read it to the end and close it) to give the connection back.
     */
    record Hit(InputStream value, long length, String sha256) implements MemcacheLookup, AutoCloseable {
        @Override
        public void close() {
            try {
                value.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A hit whose hash is the one the reader named: the reader's copy is current, no bytes came. */
    record Unchanged(String sha256) implements MemcacheLookup {}

    /**
     * Not cached. The value loaded from disk may be put back with this lease, unless the key is written
     * or dropped meanwhile; 0 when the memcache gave none.
     */
    record Miss(long lease) implements MemcacheLookup {}

    /** The memcache could not be asked or answered nonsense; read from disk and do not fill. */
    record Unavailable() implements MemcacheLookup {}
}
