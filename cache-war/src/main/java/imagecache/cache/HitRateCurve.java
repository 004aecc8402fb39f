package imagecache.cache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A live estimate of the hit rate an LRU memcache would have at other capacities (SHARDS: spatially
 * hashed sampling of LRU stack distances), and a bounded log of the sampled reads for the simulator.
 *
 * <p>Sampling. A read is kept iff a 64-bit mix of its key's hash, taken as a fraction of 2^24,
 * falls below the sampling rate: a key is in the sample or not for good, so every read of a sampled
 * key is kept and its reuse distances are exact within the sample. A read of any other key costs
 * the mix and one comparison: no lock, no allocation (String caches its hash).
 *
 * <p>Distance. For a read of a key last accessed at logical time t, the distance is the bytes of the
 * distinct sampled keys accessed since t, the key itself included: the smallest LRU capacity at
 * which this read hits. It is exact for the memcache's LRU read with get and filled after a miss
 * (the cache then holds the longest run of most recent keys that fits), as long as no item is
 * larger than the whole capacity (such an item is never stored, which no single curve can model).
 * A Fenwick tree over logical times holds each key's size at its last access, so a distance is two
 * O(log n) sums; when the times reach the array's end the live keys are renumbered in order, so the
 * tree stays O(tracked keys). A distance d of a key of size s stands for s + (d - s) / rate bytes of
 * the whole cache: the key itself is sampled for sure, the others in it each with the rate (scaling
 * d as a whole would add (1 / rate - 1) s, a hundred items at 1 %, to every distance). Those go
 * into a histogram of 16 buckets per doubling from 1 KiB to 1 TiB (a capacity inside a bucket is
 * interpolated linearly). The hit rate at C is the share of sampled reads whose
 * scaled distance is at most C; a first read is a miss everywhere.
 *
 * <p>Sizes. {@link #record} is called for every read: with the value's length on a hit, with
 * {@link #UNKNOWN_SIZE} on a miss; {@link #recordStore} when a fill or put stores a value, which
 * makes the key the most recent with that length (as the memcache does). A key read but never stored
 * takes no room and its next read is a miss at every capacity; a key missed again keeps its last
 * known size, since a larger cache would have held it.
 *
 * <p>Bounds. At most {@code maxTrackedKeys} sampled keys are tracked; beyond that the least recently
 * accessed is forgotten and its next read counts as a first read, which can only understate the hit
 * rate at capacities beyond the tracked keys' bytes (scaled). The log holds the last
 * {@code logCapacity} sampled reads.
 *
 * <p>Decay. The curve counts every sampled read since construction or the last {@link #reset}; the
 * service resets it when the cache is cleared or reconfigured, so that it describes recent traffic.
 *
 * <p>Accuracy. What limits it is how many keys are sampled, not how many reads: the hit rate is
 * carried by the hot keys, and a sample holds more or fewer of them by chance. {@link
 * #curve(long, long)}, given the number of all reads, corrects for that (SHARDS-adj) and is the one to
 * show: on 200,000 Zipf-0.8 reads of 10,000 keys it is within 3 points of LRU at 1/4 to 8 times 5 %
 * of the keys in every one of 40 samples at a rate of 0.8, in 39 at 0.7, 33 at 0.5 and 9 at 0.1;
 * over a million keys a rate of 0.05 keeps it within 1.7 points.
 */
public final class HitRateCurve {

    /** The size to record for a read that missed: not known until the value is stored. */
    public static final long UNKNOWN_SIZE = -1;

    /**
     * The rate the service samples at unless configured otherwise: the smallest that keeps the curve
     * within 3 points on a key space of 10,000 images; a larger one can be sampled at less.
     */
    public static final double DEFAULT_SAMPLING_RATE = 0.8;

    /** The capacities of a curve, in quarters of the current capacity: 1/4, 1/2, 1, 2, 4 and 8. */
    static final int[] QUARTERS = {1, 2, 4, 8, 16, 32};

    static final int DEFAULT_MAX_TRACKED_KEYS = 100_000;
    static final int DEFAULT_LOG_CAPACITY = 100_000;

    /** The distance of a first read: a miss at every capacity. */
    static final long COLD = Long.MAX_VALUE;

    private static final int RATE_BITS = 24;
    private static final long RATE_SCALE = 1L << RATE_BITS;
    private static final double SMALLEST_BUCKET = 1024;
    private static final int STEPS_PER_DOUBLING = 16;
    private static final int DOUBLINGS = 30;
    private static final int BUCKETS = STEPS_PER_DOUBLING * DOUBLINGS;
    /** bound[i] is bucket i's upper end: bucket 0 is [0, 1 KiB], bucket i (lower, upper]. */
    private static final double[] BOUND = bounds();

    private static final int INITIAL_TIMES = 1024;

    /** One capacity and the hit rate LRU would have there. */
    public record Point(long capacityBytes, double hitRate) {}

    /** A sampled key: where it was last accessed, and the size it takes in the stack. */
    private static final class Tracked {
        final String key;
        int time;
        long size;
        /** Which read of the log is this key's last, so that a later store can give it its size. */
        long logSequence = -1;

        Tracked(String key, long size) {
            this.key = key;
            this.size = size;
        }

        long stackBytes() {
            return Math.max(0, size);
        }
    }

    private final long threshold;
    private final double rate;
    private final int maxTrackedKeys;

    private final Map<String, Tracked> tracked = new HashMap<>();
    private Tracked[] byTime = new Tracked[INITIAL_TIMES];
    private long[] fenwick = new long[INITIAL_TIMES + 1];
    private int now;
    private int oldest;
    private long totalBytes;

    // bucket BUCKETS + 1 collects the distances beyond the last bound
    private final long[] histogram = new long[BUCKETS + 2];
    private long sampledReads;

    private final String[] logKeys;
    private final long[] logSizes;
    private long logged;

    /** Samples at {@code samplingRate} (0 to 1), tracking up to 100,000 sampled keys and logging 100,000 reads. */
    public HitRateCurve(double samplingRate) {
        this(samplingRate, DEFAULT_MAX_TRACKED_KEYS, DEFAULT_LOG_CAPACITY);
    }

    public HitRateCurve(double samplingRate, int maxTrackedKeys, int logCapacity) {
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("sampling rate must be in (0, 1]: " + samplingRate);
        }
        if (maxTrackedKeys < 1 || logCapacity < 0) {
            throw new IllegalArgumentException("maxTrackedKeys " + maxTrackedKeys + ", logCapacity " + logCapacity);
        }
        this.threshold = Math.max(1, Math.round(samplingRate * RATE_SCALE));
        this.rate = (double) threshold / RATE_SCALE;
        this.maxTrackedKeys = maxTrackedKeys;
        this.logKeys = new String[logCapacity];
        this.logSizes = new long[logCapacity];
    }

    /** The rate actually sampled: the one asked for, rounded to a multiple of 2^-24. */
    public double samplingRate() {
        return rate;
    }

    /** Records a read: {@code sizeBytes} is the value's length on a hit, {@link #UNKNOWN_SIZE} on a miss. */
    public void record(String key, long sizeBytes) {
        if (sampled(key)) {
            read(key, sizeBytes);
        }
    }

    /** Records that a fill or put stored {@code sizeBytes} under {@code key}; not a read. */
    public void recordStore(String key, long sizeBytes) {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("size " + sizeBytes);
        }
        if (sampled(key)) {
            store(key, sizeBytes);
        }
    }

    boolean sampled(String key) {
        return (mix64(key.hashCode()) >>> (64 - RATE_BITS)) < threshold;
    }

    /**
     * Records a read of a sampled key and returns its distance in the sample's bytes, {@link #COLD}
     * for a first read.
     */
    synchronized long read(String key, long sizeBytes) {
        Tracked entry = tracked.get(key);
        long distance = COLD;
        double scaled = 0;
        if (entry == null) {
            entry = new Tracked(key, sizeBytes);
            tracked.put(key, entry);
        } else {
            if (entry.size >= 0) {
                distance = totalBytes - prefix(entry.time - 1);
                // the key itself is in the sample for sure, the others by chance
                scaled = entry.size + (distance - entry.size) / rate;
            }
            unplace(entry);
            if (sizeBytes >= 0) {
                entry.size = sizeBytes;
            }
        }
        place(entry);
        sampledReads++;
        if (distance != COLD) {
            histogram[bucketOf(scaled)]++;
        }
        log(entry, sizeBytes);
        return distance;
    }

    synchronized void store(String key, long sizeBytes) {
        Tracked entry = tracked.get(key);
        if (entry == null) {
            entry = new Tracked(key, sizeBytes);
            tracked.put(key, entry);
        } else {
            unplace(entry);
            entry.size = sizeBytes;
        }
        place(entry);
        long sequence = entry.logSequence;
        if (sequence >= 0 && sequence >= logged - logKeys.length) {
            int slot = (int) (sequence % logKeys.length);
            if (logSizes[slot] < 0) {
                logSizes[slot] = sizeBytes;
            }
        }
    }

    /**
     * The estimated hit rates at 1/4, 1/2, 1, 2, 4 and 8 times {@code capacityBytes}, from the sample
     * alone; all 0 before the first sampled read.
     */
    public List<Point> curve(long capacityBytes) {
        return curve(capacityBytes, -1);
    }

    /**
     * The same, corrected by the number of all reads (sampled or not) since construction or the last
     * {@link #reset} (SHARDS-adj): the reads the sample has more or fewer than {@code reads} times the
     * rate are mostly those of hot keys that happen to be in it or not, which hit at every capacity,
     * so the difference is taken from or added to the hits at every capacity.
     */
    public synchronized List<Point> curve(long capacityBytes, long reads) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacityBytes);
        }
        List<Point> points = new ArrayList<>(QUARTERS.length);
        for (int quarters : QUARTERS) {
            long capacity = Math.max(1, capacityBytes / 4 * quarters + capacityBytes % 4 * quarters / 4);
            points.add(new Point(capacity, hitRate(capacity, reads)));
        }
        return List.copyOf(points);
    }

    /** The estimated hit rate of an LRU cache of {@code capacityBytes}; 0 before the first sampled read. */
    public double hitRate(long capacityBytes) {
        return hitRate(capacityBytes, -1);
    }

    /** The same, corrected by the number of all reads as {@link #curve(long, long)} is; unless {@code reads < 0}. */
    public synchronized double hitRate(long capacityBytes, long reads) {
        if (sampledReads == 0) {
            return 0;
        }
        double hits = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            double lower = i == 0 ? 0 : BOUND[i - 1];
            if (BOUND[i] <= capacityBytes) {
                hits += histogram[i];
            } else {
                if (capacityBytes > lower) {
                    hits += histogram[i] * (capacityBytes - lower) / (BOUND[i] - lower);
                }
                break;
            }
        }
        if (reads < 0) {
            return hits / sampledReads;
        }
        double expected = reads * rate;
        if (expected <= 0) {
            return 0;
        }
        return Math.max(0, Math.min(1, (hits + expected - sampledReads) / expected));
    }

    /** The sampled reads the curve is made of: how far to trust it. */
    public synchronized long sampledReads() {
        return sampledReads;
    }

    synchronized int trackedKeys() {
        return tracked.size();
    }

    synchronized int loggedReads() {
        return (int) Math.min(logged, logKeys.length);
    }

    /** Forgets every sampled read, key and log line: the curve starts again from an empty cache. */
    public synchronized void reset() {
        tracked.clear();
        byTime = new Tracked[INITIAL_TIMES];
        fenwick = new long[INITIAL_TIMES + 1];
        now = 0;
        oldest = 0;
        totalBytes = 0;
        Arrays.fill(histogram, 0);
        sampledReads = 0;
        Arrays.fill(logKeys, null);
        logged = 0;
    }

    /**
     * Writes the logged reads, oldest first, as the simulator reads a trace: {@link TraceKeys#HEADER},
     * then {@code key<TAB>size} a line with the key {@linkplain TraceKeys#encode encoded}. A read whose
     * value was never stored has no size and is left out. Copies the log first, so that reads are not
     * held up by the writing.
     */
    public void writeLog(Appendable out) throws IOException {
        String[] keys;
        long[] sizes;
        synchronized (this) {
            int count = (int) Math.min(logged, logKeys.length);
            keys = new String[count];
            sizes = new long[count];
            for (int i = 0; i < count; i++) {
                int slot = (int) ((logged - count + i) % logKeys.length);
                keys[i] = logKeys[slot];
                sizes[i] = logSizes[slot];
            }
        }
        out.append(TraceKeys.HEADER).append('\n');
        for (int i = 0; i < keys.length; i++) {
            if (sizes[i] >= 0) {
                out.append(TraceKeys.encode(keys[i]))
                        .append('\t')
                        .append(Long.toString(sizes[i]))
                        .append('\n');
            }
        }
    }

    private void log(Tracked entry, long sizeBytes) {
        if (logKeys.length == 0) {
            return;
        }
        int slot = (int) (logged % logKeys.length);
        logKeys[slot] = entry.key;
        logSizes[slot] = sizeBytes;
        entry.logSequence = logged++;
    }

    /** Makes an entry the most recent, forgetting the least recent key when there are too many. */
    private void place(Tracked entry) {
        if (now == byTime.length) {
            compact();
        }
        entry.time = now;
        byTime[now] = entry;
        add(now, entry.stackBytes());
        now++;
        if (tracked.size() > maxTrackedKeys) {
            while (byTime[oldest] == null) {
                oldest++;
            }
            Tracked forgotten = byTime[oldest];
            unplace(forgotten);
            tracked.remove(forgotten.key);
        }
    }

    private void unplace(Tracked entry) {
        byTime[entry.time] = null;
        add(entry.time, -entry.stackBytes());
    }

    /** Renumbers the live keys 0, 1, ... in order, growing the arrays so that at least half is free. */
    private void compact() {
        int live = 0;
        for (int t = oldest; t < now; t++) {
            if (byTime[t] != null) {
                byTime[live++] = byTime[t];
            }
        }
        int length = byTime.length;
        while (live * 2 > length) {
            length *= 2;
        }
        Tracked[] order = byTime;
        byTime = new Tracked[length];
        fenwick = new long[length + 1];
        for (int t = 0; t < live; t++) {
            Tracked entry = order[t];
            entry.time = t;
            byTime[t] = entry;
            fenwick[t + 1] = entry.stackBytes();
        }
        // builds the tree in place: each node passes its sum to its parent
        for (int i = 1; i <= length; i++) {
            int parent = i + (i & -i);
            if (parent <= length) {
                fenwick[parent] += fenwick[i];
            }
        }
        now = live;
        oldest = 0;
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

    static int bucketOf(double bytes) {
        if (bytes <= BOUND[0]) {
            return 0;
        }
        if (bytes > BOUND[BUCKETS]) {
            return BUCKETS + 1;
        }
        int i = (int) Math.ceil(STEPS_PER_DOUBLING * Math.log(bytes / SMALLEST_BUCKET) / Math.log(2));
        i = Math.max(1, Math.min(BUCKETS, i));
        // the logarithm may be off by a rounding at a bound
        while (bytes > BOUND[i]) {
            i++;
        }
        while (i > 1 && bytes <= BOUND[i - 1]) {
            i--;
        }
        return i;
    }

    private static double[] bounds() {
        double[] bounds = new double[BUCKETS + 1];
        for (int i = 0; i <= BUCKETS; i++) {
            bounds[i] = SMALLEST_BUCKET * Math.pow(2, (double) i / STEPS_PER_DOUBLING);
        }
        return bounds;
    }

    /** Murmur3's finalizer: every bit of the input moves about half of the output's. */
    static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
