package imagecache.cache;

import imagecache.memcache.protocol.TraceKeys;
import java.io.IOException;
import java.util.Arrays;

/**
 * The last sampled reads, oldest first, for the simulator: a ring buffer of keys and sizes. A read
 * that missed has no size yet; the store that follows it gives it one through the sequence number
 * {@link #append} returned, as long as the read is still held. Not thread-safe: {@link #copy} it
 * under the owner's lock and write the copy.
 */
final class ReadLog {

    /** The sequence number of a read not held (a log of no capacity holds none). */
    static final long NOT_LOGGED = -1;

    private final String[] keys;
    private final long[] sizes;
    private long appended;

    /** Holds the last {@code capacity} reads; 0 keeps none. */
    ReadLog(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("logCapacity " + capacity);
        }
        this.keys = new String[capacity];
        this.sizes = new long[capacity];
    }

    /**
     * Adds a read of {@code key}, of {@code size} bytes or {@link SampledKey#UNKNOWN_SIZE}, and returns
     * its sequence number; {@link #NOT_LOGGED} if the log holds nothing.
     */
    long append(String key, long size) {
        if (keys.length == 0) {
            return NOT_LOGGED;
        }
        int slot = (int) (appended % keys.length);
        keys[slot] = key;
        sizes[slot] = size;
        return appended++;
    }

    /** Gives the read of this sequence number its size, if it has none and is still held. */
    void fillSize(long sequence, long size) {
        if (sequence < 0 || sequence >= appended || sequence < appended - keys.length) {
            return;
        }
        int slot = (int) (sequence % keys.length);
        if (sizes[slot] < 0) {
            sizes[slot] = size;
        }
    }

    /** How many reads it holds. */
    int size() {
        return (int) Math.min(appended, keys.length);
    }

    /** The reads it holds, in a log of just their number. */
    ReadLog copy() {
        int count = size();
        ReadLog copy = new ReadLog(count);
        for (int i = 0; i < count; i++) {
            int slot = (int) ((appended - count + i) % keys.length);
            copy.append(keys[slot], sizes[slot]);
        }
        return copy;
    }

    /**
     * Writes the reads, oldest first, as the simulator reads a trace: {@link TraceKeys#HEADER}, then
     * {@code key<TAB>size} a line with the key {@linkplain TraceKeys#encode encoded}. A read whose
     * value was never stored has no size and is left out.
     */
    void writeTo(Appendable out) throws IOException {
        out.append(TraceKeys.HEADER).append('\n');
        int count = size();
        for (int i = 0; i < count; i++) {
            int slot = (int) ((appended - count + i) % keys.length);
            if (sizes[slot] >= 0) {
                out.append(TraceKeys.encode(keys[slot]))
                        .append('\t')
                        .append(Long.toString(sizes[slot]))
                        .append('\n');
            }
        }
    }

    void clear() {
        Arrays.fill(keys, null);
        appended = 0;
    }
}
