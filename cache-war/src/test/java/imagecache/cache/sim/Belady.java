package imagecache.cache.sim;

import java.util.Arrays;

/**
 * Belady's optimal policy (OPT): knowing every future read, on a miss it keeps the items read again
 * soonest. An item not read again, or read again later than every item it would displace, is not
 * cached at all. With equal sizes this is the most hits any policy can get; with varied sizes it is
 * a heuristic (evict furthest next use until the item fits), because the exact problem is NP-hard,
 * and policies may beat it, by hits or by bytes.
 */
final class Belady {

    private static final int NEVER = Integer.MAX_VALUE;

    private Belady() {}

    /** Replays {@code trace}, whose {@link Trace#nextUses()} are {@code nextUses}, in {@code capacityBytes}. */
    static Result run(Trace trace, int[] nextUses, long capacityBytes) {
        boolean[] cached = new boolean[trace.keys()];
        // residents by next use, furthest on top; an entry whose time has passed is stale (the key was
        // read then and has a newer entry), and stays below every live entry, whose times are to come
        LongMaxHeap byNextUse = new LongMaxHeap();
        long[] victims = new long[16];
        long used = 0;
        long hits = 0;
        long bytesRead = 0;
        long bytesHit = 0;
        for (int i = 0; i < trace.length(); i++) {
            int key = trace.read(i);
            int size = trace.size(key);
            int next = nextUses[i];
            bytesRead += size;
            if (cached[key]) {
                hits++;
                bytesHit += size;
                if (next == NEVER) {
                    // no more use for it: make room now rather than let it linger to the top
                    cached[key] = false;
                    used -= size;
                } else {
                    byNextUse.add(entry(next, key));
                }
                continue;
            }
            if (next == NEVER || size > capacityBytes) {
                continue;
            }
            int evicted = 0;
            long freed = 0;
            while (used - freed + size > capacityBytes) {
                if (evicted == victims.length) {
                    victims = Arrays.copyOf(victims, evicted * 2);
                }
                victims[evicted] = byNextUse.removeMax();
                freed += trace.size(keyOf(victims[evicted]));
                evicted++;
            }
            if (evicted > 0 && timeOf(victims[evicted - 1]) < next) {
                // the last victim, the nearest of them, is wanted before this item: keep them all instead
                for (int v = 0; v < evicted; v++) {
                    byNextUse.add(victims[v]);
                }
                continue;
            }
            for (int v = 0; v < evicted; v++) {
                cached[keyOf(victims[v])] = false;
            }
            used -= freed;
            cached[key] = true;
            used += size;
            byNextUse.add(entry(next, key));
        }
        return new Result(trace.length(), hits, bytesRead, bytesHit);
    }

    /** Next use in the high half, key in the low: distinct per key, ordered by next use. */
    private static long entry(int nextUse, int key) {
        return ((long) nextUse << 32) | key;
    }

    private static int timeOf(long entry) {
        return (int) (entry >>> 32);
    }

    private static int keyOf(long entry) {
        return (int) entry;
    }

    /** A binary max-heap of longs without boxing. */
    private static final class LongMaxHeap {
        private long[] heap = new long[1024];
        private int size;

        void add(long value) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            int child = size++;
            while (child > 0) {
                int parent = (child - 1) >>> 1;
                if (heap[parent] >= value) {
                    break;
                }
                heap[child] = heap[parent];
                child = parent;
            }
            heap[child] = value;
        }

        long removeMax() {
            long max = heap[0];
            long last = heap[--size];
            int parent = 0;
            while (true) {
                int child = 2 * parent + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && heap[child + 1] > heap[child]) {
                    child++;
                }
                if (heap[child] <= last) {
                    break;
                }
                heap[parent] = heap[child];
                parent = child;
            }
            heap[parent] = last;
            return max;
        }
    }
}
