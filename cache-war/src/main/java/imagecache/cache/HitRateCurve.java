package imagecache.cache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * A live estimate of the hit rate an LRU memcache would have at other capacities (SHARDS: spatially
 * hashed sampling of LRU stack distances, in its fixed-size variant), and a bounded log of the sampled
 * reads for the simulator.
 *
 * <p>Sampling. Each key has a hash, the top 40 bits of a 64-bit mix of its {@code hashCode}, and is
 * sampled iff that hash is below a threshold, the rate times 2^40: a key is in the sample or not
 * whichever read it is, so every read of a sampled key is kept and its reuse distances are exact
 * within the sample. {@link #record} counts every read; a read of any other key costs that count, the
 * mix and one comparison: no lock, no allocation (String caches its hash, and the counter is a
 * LongAdder, whose cells exist once it has been contended).
 *
 * <p>Distance. For a read of a key last accessed at logical time t, the distance is the bytes of the
 * distinct sampled keys accessed since t, the key itself included: the smallest LRU capacity at
 * which this read hits. It is exact for the memcache's LRU read with get and filled after a miss
 * (the cache then holds the longest run of most recent keys that fits), as long as no item is
 * larger than the whole capacity (such an item is never stored, which no single curve can model).
 * A Fenwick tree over logical times holds each key's size at its last access, so a distance is two
 * O(log n) sums; when the times reach the array's end the live keys are renumbered in order, so the
 * tree stays O(sampled keys). A distance d of a key of size s stands for s + (d - s) / rate bytes of
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
 * <p>Bounds. The rate starts at the largest one asked for, and the sample holds at most {@code
 * maxSampledKeys} keys. When one more would enter, the keys with the largest hash among the sampled
 * ones and the new one leave the sample and the stack (or the new one does not enter, if it is one of
 * them), and the threshold drops to that hash, so that the sample is still exactly the keys below it: a key that left is not sampled again, and no sampled key is forgotten
 * however long ago it was read. The rate so settles at about {@code maxSampledKeys} over the distinct
 * keys read, whatever the key space. When it drops from r to r', every bucket of the histogram and the
 * count of sampled reads are multiplied by r' / r, so that the past reads weigh as if sampled at r'
 * (their distances stay scaled at the rate of their time). A sampled key takes about 130 bytes (its
 * entry, the map's, its slots in the times, the tree and the heap by hash) besides its name (some 80
 * more for a name of 40 characters that nothing else holds): about 3.5 MB at the default. The log holds the
 * last {@code logCapacity} sampled reads, each sampled at the rate of its time.
 *
 * <p>Decay. The curve counts every read since construction or the last {@link #reset}; the service
 * resets it only when the cache is cleared, not when it is reconfigured: LRU's stack distances do not
 * depend on the capacity, so the same histogram answers for the new one. A key space that keeps
 * growing keeps lowering the rate until the next reset.
 *
 * <p>Accuracy. What limits it is how many keys are sampled, not how many reads: the hit rate is
 * carried by the hot keys, and a sample holds more or fewer of them by chance. {@link #curve}
 * corrects for that with the count of all reads (SHARDS-adj). With the default of 16,384 keys, the
 * 10,000 keys of 200,000 Zipf-0.8 reads are all sampled and the curve is within 0.02 points of LRU at
 * 1/4 to 8 times 5 % of their bytes; over a million keys (some 120,000 of them read) the rate ends
 * near 0.14 and the curve is within 1.6 points in every one of 20 samples (at 8,192 keys: 1.0 point
 * on the 10,000 keys, the rate near 0.82, and 2.3 on the million; at 32,768: 0.5 on the million).
 * The correction takes the rate for the share of keys sampled, which it estimates within about 1 /
 * sqrt(sampled keys) of itself: where no key is much hotter than the others, so that the sample's
 * reads are about right anyway, it adds that share of the misses as error (1 to 2.5 points at 4,000
 * keys).
 */
public final class HitRateCurve {

    /** The size to record for a read that missed: not known until the value is stored. */
    public static final long UNKNOWN_SIZE = -1;

    /** The largest rate the service samples at unless configured otherwise: every key, until the sample is full. */
    public static final double DEFAULT_SAMPLING_RATE = 1.0;

    /**
     * The most keys the service samples unless configured otherwise: all of a key space of 10,000
     * images, and over a million enough for the curve to stay within 2 points of LRU, in some 3.5 MB.
     */
    public static final int DEFAULT_MAX_SAMPLED_KEYS = 16_384;

    /** The capacities of a curve, in quarters of the current capacity: 1/4, 1/2, 1, 2, 4 and 8. */
    static final int[] QUARTERS = {1, 2, 4, 8, 16, 32};

    public static final int DEFAULT_LOG_CAPACITY = 100_000;

    /** The distance of a first read: a miss at every capacity. */
    static final long COLD = Long.MAX_VALUE;

    /** Enough that a threshold lowered to a key's hash parts the keys of a large key space. */
    private static final int HASH_BITS = 40;

    private static final long HASH_SCALE = 1L << HASH_BITS;
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
        final long hash;
        int time;
        long size;
        /** Which read of the log is this key's last, so that a later store can give it its size. */
        long logSequence = -1;

        Tracked(String key, long hash, long size) {
            this.key = key;
            this.hash = hash;
            this.size = size;
        }

        long stackBytes() {
            return Math.max(0, size);
        }
    }

    private final long maxThreshold;
    private final int maxSampledKeys;
    /** A key is sampled iff its hash is below this; it only drops, under the lock, until a reset. */
    private volatile long threshold;

    private final LongAdder reads = new LongAdder();

    private final Map<String, Tracked> tracked = new HashMap<>();
    /** The sampled keys, largest hash first: the next to leave when the sample is full. */
    private final PriorityQueue<Tracked> byHash = new PriorityQueue<>(
            Comparator.comparingLong((Tracked entry) -> entry.hash).reversed());

    private Tracked[] byTime = new Tracked[INITIAL_TIMES];
    private long[] fenwick = new long[INITIAL_TIMES + 1];
    private int now;
    private long totalBytes;

    // bucket BUCKETS + 1 collects the distances beyond the last bound; weights, rescaled as the rate drops
    private final double[] histogram = new double[BUCKETS + 2];
    private double sampledReads;

    private final String[] logKeys;
    private final long[] logSizes;
    private long logged;

    /**
     * Samples at most {@code maxSamplingRate} (0 to 1) of the keys, up to {@value
     * #DEFAULT_MAX_SAMPLED_KEYS} of them, logging 100,000 reads.
     */
    public HitRateCurve(double maxSamplingRate) {
        this(maxSamplingRate, DEFAULT_MAX_SAMPLED_KEYS, DEFAULT_LOG_CAPACITY);
    }

    public HitRateCurve(double maxSamplingRate, int maxSampledKeys, int logCapacity) {
        if (!(maxSamplingRate > 0 && maxSamplingRate <= 1)) {
            throw new IllegalArgumentException("sampling rate must be in (0, 1]: " + maxSamplingRate);
        }
        if (maxSampledKeys < 1 || logCapacity < 0) {
            throw new IllegalArgumentException("maxSampledKeys " + maxSampledKeys + ", logCapacity " + logCapacity);
        }
        this.maxThreshold = Math.max(1, Math.round(maxSamplingRate * HASH_SCALE));
        this.threshold = maxThreshold;
        this.maxSampledKeys = maxSampledKeys;
        this.logKeys = new String[logCapacity];
        this.logSizes = new long[logCapacity];
    }

    /**
     * The rate sampled now: at first the largest one asked for, rounded to a multiple of 2^-40, then
     * lower as the sample fills.
     */
    public double samplingRate() {
        return (double) threshold / HASH_SCALE;
    }

    /** Records a read: {@code sizeBytes} is the value's length on a hit, {@link #UNKNOWN_SIZE} on a miss. */
    public void record(String key, long sizeBytes) {
        reads.increment();
        long hash = hash(key);
        if (hash < threshold) {
            read(key, hash, sizeBytes);
        }
    }

    /** Records that a fill or put stored {@code sizeBytes} under {@code key}; not a read. */
    public void recordStore(String key, long sizeBytes) {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("size " + sizeBytes);
        }
        long hash = hash(key);
        if (hash < threshold) {
            store(key, hash, sizeBytes);
        }
    }

    boolean sampled(String key) {
        return hash(key) < threshold;
    }

    /** The hash a key is sampled by: below the threshold, in the sample. */
    static long hash(String key) {
        return mix64(key.hashCode()) >>> (64 - HASH_BITS);
    }

    long threshold() {
        return threshold;
    }

    /**
     * Records a read of a key, not counted among all reads, and returns its distance in the sample's
     * bytes; {@link #COLD} for a first read or a key not sampled.
     */
    long read(String key, long sizeBytes) {
        return read(key, hash(key), sizeBytes);
    }

    private synchronized long read(String key, long hash, long sizeBytes) {
        // the threshold may have dropped since the caller compared
        if (hash >= threshold) {
            return COLD;
        }
        Tracked entry = tracked.get(key);
        long distance = COLD;
        double scaled = 0;
        if (entry == null) {
            entry = admit(key, hash, sizeBytes);
            if (entry == null) {
                return COLD;
            }
        } else {
            if (entry.size >= 0) {
                distance = totalBytes - prefix(entry.time - 1);
                // the key itself is in the sample for sure, the others by chance
                scaled = entry.size + (distance - entry.size) / samplingRate();
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

    private synchronized void store(String key, long hash, long sizeBytes) {
        if (hash >= threshold) {
            return;
        }
        Tracked entry = tracked.get(key);
        if (entry == null) {
            entry = admit(key, hash, sizeBytes);
            if (entry == null) {
                return;
            }
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
     * Adds a key below the threshold to the sample, not yet placed in the stack. If the sample is
     * full, the keys with the largest hash of the sampled ones and this one leave it first (this one
     * by not entering), and the threshold drops to that hash; returns null if this key is one of them.
     */
    private Tracked admit(String key, long hash, long sizeBytes) {
        if (tracked.size() >= maxSampledKeys) {
            long largest = Math.max(hash, byHash.element().hash);
            // keys of equal hash leave together: a key is sampled iff its hash is below the threshold
            while (!byHash.isEmpty() && byHash.element().hash == largest) {
                Tracked leaving = byHash.remove();
                unplace(leaving);
                tracked.remove(leaving.key);
            }
            lowerThreshold(largest);
            if (hash == largest) {
                return null;
            }
        }
        Tracked entry = new Tracked(key, hash, sizeBytes);
        tracked.put(key, entry);
        byHash.add(entry);
        return entry;
    }

    /** Weighs the past reads as if they had been sampled at the new rate, as the reads to come are. */
    private void lowerThreshold(long lower) {
        double ratio = (double) lower / threshold;
        for (int i = 0; i < histogram.length; i++) {
            histogram[i] *= ratio;
        }
        sampledReads *= ratio;
        threshold = lower;
    }

    /**
     * The estimated hit rates at 1/4, 1/2, 1, 2, 4 and 8 times {@code capacityBytes}, corrected by
     * the count of all reads (SHARDS-adj): the reads the sample has more or fewer than expected are
     * mostly those of hot keys that happen to be in it or not, which hit at every capacity, so the
     * difference is taken from or added to the hits at every capacity. All 0 before the first sampled
     * read.
     */
    public synchronized List<Point> curve(long capacityBytes) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacityBytes);
        }
        List<Point> points = new ArrayList<>(QUARTERS.length);
        for (int quarters : QUARTERS) {
            long capacity = Math.max(1, capacityBytes / 4 * quarters + capacityBytes % 4 * quarters / 4);
            points.add(new Point(capacity, hitRate(capacity, true)));
        }
        return List.copyOf(points);
    }

    /** The estimated hit rate of an LRU cache of {@code capacityBytes}, corrected as {@link #curve} is. */
    public double hitRate(long capacityBytes) {
        return hitRate(capacityBytes, true);
    }

    /** The same from the sample alone, uncorrected. */
    double sampleHitRate(long capacityBytes) {
        return hitRate(capacityBytes, false);
    }

    private synchronized double hitRate(long capacityBytes, boolean adjusted) {
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
        if (!adjusted) {
            return hits / sampledReads;
        }
        // A read was sampled with the rate r of its time and now weighs R / r, R the rate now: each
        // read, sampled or not, adds r * R / r = R to the sample's expected weight. The sum of each
        // read's r would be the expected weight without the rescalings, which the histogram has had.
        double expected = reads.sum() * samplingRate();
        if (expected <= 0) {
            return 0;
        }
        return Math.max(0, Math.min(1, (hits + expected - sampledReads) / expected));
    }

    /** Every read recorded since construction or the last {@link #reset}, sampled or not. */
    public long reads() {
        return reads.sum();
    }

    /**
     * The sampled reads the curve is made of, weighed as if all had been sampled at the current rate:
     * how far to trust it.
     */
    public synchronized long sampledReads() {
        return Math.round(sampledReads);
    }

    synchronized int sampledKeys() {
        return tracked.size();
    }

    synchronized boolean isTracked(String key) {
        return tracked.containsKey(key);
    }

    synchronized int loggedReads() {
        return (int) Math.min(logged, logKeys.length);
    }

    /**
     * Forgets every read, sampled key and log line, and samples at the largest rate again: the curve
     * starts again from an empty cache.
     */
    public synchronized void reset() {
        tracked.clear();
        byHash.clear();
        byTime = new Tracked[INITIAL_TIMES];
        fenwick = new long[INITIAL_TIMES + 1];
        now = 0;
        totalBytes = 0;
        Arrays.fill(histogram, 0);
        sampledReads = 0;
        reads.reset();
        threshold = maxThreshold;
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

    /** Makes an entry the most recent. */
    private void place(Tracked entry) {
        if (now == byTime.length) {
            compact();
        }
        entry.time = now;
        byTime[now] = entry;
        add(now, entry.stackBytes());
        now++;
    }

    private void unplace(Tracked entry) {
        byTime[entry.time] = null;
        add(entry.time, -entry.stackBytes());
    }

    /** Renumbers the live keys 0, 1, ... in order, growing the arrays so that at least half is free. */
    private void compact() {
        int live = 0;
        for (int t = 0; t < now; t++) {
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
