package imagecache.cache;

/**
 * One key of the hit-rate curve's sample, shared by its parts so that a key costs one object: its
 * hash ({@link KeySample}), where the stack holds it ({@link StackDistances}), its known size and
 * which read of the log is its last ({@link ReadLog}).
 */
final class SampledKey {

    /** The size of a key read but never stored: it takes no room, and its next read misses everywhere. */
    static final long UNKNOWN_SIZE = -1;

    final String name;
    final long hash;
    /** The value's length as last read or stored; {@link #UNKNOWN_SIZE} until then. */
    long size = UNKNOWN_SIZE;
    /** Its slot in the stack, which only the stack changes; -1 when it is not in it. */
    int position = -1;
    /** The log's sequence number of this key's last read, so that a later store can give it its size. */
    long lastLogged = ReadLog.NOT_LOGGED;

    SampledKey(String name, long hash) {
        this.name = name;
        this.hash = hash;
    }

    boolean sizeKnown() {
        return size >= 0;
    }
}
