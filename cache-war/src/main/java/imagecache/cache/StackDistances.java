package imagecache.cache;

/**
 * An LRU stack of sampled keys weighed in bytes: for a key in it, {@link #distance} is the bytes of
 * the keys accessed since its last access, itself included, which is the smallest LRU capacity at
 * which its next read hits (as long as no item is larger than the whole capacity).
 *
 * <p>A Fenwick tree over logical times holds each key's bytes at the time of its last access, so a
 * distance is two O(log n) sums and a move to the top two O(log n) updates. When the times reach the
 * end of the array, the keys are renumbered in order and the array grown so that at least half of it
 * is free: it stays O(keys), not O(accesses). Not thread-safe.
 */
final class StackDistances {

    private static final int INITIAL_TIMES = 1024;

    private SampledKey[] byTime = new SampledKey[INITIAL_TIMES];
    private long[] fenwick = new long[INITIAL_TIMES + 1];
    private int now;
    private long totalBytes;

    boolean contains(SampledKey key) {
        return key.position >= 0;
    }

    /** The bytes of the keys accessed since {@code key}'s last access, {@code key} included; it must be in the stack. */
    long distance(SampledKey key) {
        return totalBytes - prefix(key.position - 1);
    }

    /** Makes {@code key} the most recent, weighing {@code bytes}, whether it was in the stack or not. */
    void moveToTop(SampledKey key, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes " + bytes);
        }
        remove(key);
        if (now == byTime.length) {
            compact();
        }
        key.position = now;
        byTime[now] = key;
        add(now, bytes);
        now++;
    }

    /** Takes {@code key} out, if it is in the stack. */
    void remove(SampledKey key) {
        if (key.position < 0) {
            return;
        }
        int time = key.position;
        add(time, -(prefix(time) - prefix(time - 1)));
        byTime[time] = null;
        key.position = -1;
    }

    void clear() {
        for (int t = 0; t < now; t++) {
            if (byTime[t] != null) {
                byTime[t].position = -1;
            }
        }
        byTime = new SampledKey[INITIAL_TIMES];
        fenwick = new long[INITIAL_TIMES + 1];
        now = 0;
        totalBytes = 0;
    }

    /** Renumbers the keys 0, 1, ... in order, growing the arrays so that at least half is free. */
    private void compact() {
        int live = 0;
        long[] bytes = new long[now];
        for (int t = 0; t < now; t++) {
            if (byTime[t] != null) {
                bytes[live] = prefix(t) - prefix(t - 1);
                byTime[live++] = byTime[t];
            }
        }
        int length = byTime.length;
        while (live * 2 > length) {
            length *= 2;
        }
        SampledKey[] order = byTime;
        byTime = new SampledKey[length];
        fenwick = new long[length + 1];
        for (int t = 0; t < live; t++) {
            SampledKey key = order[t];
            key.position = t;
            byTime[t] = key;
            fenwick[t + 1] = bytes[t];
        }
        // builds the tree in place: each node passes its sum to its parent
        for (int i = 1; i <= length; i++) {
            int parent = i + (i & -i);
            if (parent <= length) {
                fenwick[parent] += fenwick[i];
            }
        }
        now = live;
    }

    private void add(int time, long delta) {
        totalBytes += delta;
        for (int i = time + 1; i < fenwick.length; i += i & -i) {
            fenwick[i] += delta;
        }
    }

    /** The bytes placed at times 0 to {@code time}, both included. */
    private long prefix(int time) {
        long sum = 0;
        for (int i = time + 1; i > 0; i -= i & -i) {
            sum += fenwick[i];
        }
        return sum;
    }
}
