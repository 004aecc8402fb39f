package imagecache.cache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A live estimate of the hit rate an LRU memcache would have at other capacities (SHARDS: spatially
 * hashed sampling of LRU stack distances, in its fixed-size variant), and a bounded log of the sampled
 * reads for the simulator. It composes four parts: the {@link KeySample} chooses the keys by hash,
 * the {@link StackDistances} give a sampled read its reuse distance in bytes, the {@link
 * ReuseHistogram} turns distances into hit rates, and the {@link ReadLog} keeps the last sampled reads.
 *
 * <p>Cost. {@link #record} counts every read; a read of a key not sampled costs that count, a hash and
 * one comparison: no lock, no allocation (String caches its hash, and the counter is a LongAdder).
 * A sampled read takes this object's lock.
 *
 * <p>Distance. It is exact for the memcache's LRU read with get and filled after a miss (the cache
 * then holds the longest run of most recent keys that fits), as long as no item is larger than the
 * whole capacity (such an item is never stored, which no single curve can model). A distance d of a
 * key of size s stands for s + (d - s) / rate bytes of the whole cache: the key itself is sampled for
 * sure, the others in it each with the rate (scaling d as a whole would add (1 / rate - 1) s to every
 * distance). The hit rate at C is the share of sampled reads whose scaled distance is at most C; a
 * first read is a miss everywhere.
 *
 * <p>Sizes. {@link #record} is called for every read: with the value's length on a hit, with {@link
 * #UNKNOWN_SIZE} on a miss; {@link #recordStore} when a fill or put stores a value, which makes the
 * key the most recent with that length (as the memcache does) and gives the logged miss its size. A
 * key read but never stored takes no room and its next read is a miss at every capacity; a key
 * missed again keeps its last known size, since a larger cache would have held it.
 *
 * <p>Rescaling. When the sample is full and the rate drops from r to r', the histogram is multiplied
 * by r' / r, so that the past reads weigh as if sampled at r' (their distances stay scaled at the
 * rate of their time). The log holds each read as sampled at the rate of its time.
 *
 * <p>Decay. The curve counts every read since construction or the last {@link #reset}; the service
 * resets it only when the cache is cleared, not when it is reconfigured: LRU's stack distances do not
 * depend on the capacity, so the same histogram answers for the new one. A key space that keeps
 * growing keeps lowering the rate until the next reset.
 *
 * <p>Accuracy. What limits it is how many keys are sampled, not how many reads: the hit rate is
 * carried by the hot keys, and a sample holds more or fewer of them by chance. {@link #curve}
 * corrects for that with the count of all reads (SHARDS-adj). The correction takes the rate for the
 * share of keys sampled, which it estimates within about 1 / sqrt(sampled keys) of itself: where no
 * key is much hotter than the others it adds that share of the misses as error. {@code
 * bench/README.md} has the figures, from the simulator.
 */
public final class HitRateCurve implements ReadSampler {

    /** The largest rate the service samples at unless configured otherwise: every key, until the sample is full. */
    public static final double DEFAULT_SAMPLING_RATE = 1.0;

    /**
     * The most keys the service samples unless configured otherwise: all of a key space of 10,000
     * images, and over a large one enough for the curve to stay close to LRU in a few megabytes.
     */
    public static final int DEFAULT_MAX_SAMPLED_KEYS = 16_384;

    public static final int DEFAULT_LOG_CAPACITY = 100_000;

    /** The capacities of a curve, in quarters of the current capacity: 1/4, 1/2, 1, 2, 4 and 8. */
    private static final int[] QUARTERS = {1, 2, 4, 8, 16, 32};

    /** One capacity and the hit rate LRU would have there. */
    public record Point(long capacityBytes, double hitRate) {}

    private final LongAdder reads = new LongAdder();
    private final KeySample sample;
    private final StackDistances stack = new StackDistances();
    private final ReuseHistogram histogram = new ReuseHistogram();
    private final ReadLog log;

    /**
     * Samples at most {@code maxSamplingRate} (0 to 1) of the keys, up to {@value
     * #DEFAULT_MAX_SAMPLED_KEYS} of them, logging {@value #DEFAULT_LOG_CAPACITY} reads.
     */
    public HitRateCurve(double maxSamplingRate) {
        this(maxSamplingRate, DEFAULT_MAX_SAMPLED_KEYS, DEFAULT_LOG_CAPACITY);
    }

    public HitRateCurve(double maxSamplingRate, int maxSampledKeys, int logCapacity) {
        this.sample = new KeySample(maxSamplingRate, maxSampledKeys);
        this.log = new ReadLog(logCapacity);
    }

    /**
     * The rate sampled now: at first the largest one asked for, rounded to a multiple of 2^-40, then
     * lower as the sample fills.
     */
    @Override
    public double samplingRate() {
        return sample.rate();
    }

    @Override
    public void record(String key, long sizeBytes) {
        reads.increment();
        long hash = KeySample.hash(key);
        if (sample.admits(hash)) {
            read(key, hash, sizeBytes);
        }
    }

    @Override
    public void recordStore(String key, long sizeBytes) {
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("size " + sizeBytes);
        }
        long hash = KeySample.hash(key);
        if (sample.admits(hash)) {
            store(key, hash, sizeBytes);
        }
    }

    private synchronized void read(String key, long hash, long sizeBytes) {
        SampledKey entry = sampledKey(key, hash);
        if (entry == null) {
            return;
        }
        if (stack.contains(entry) && entry.sizeKnown()) {
            long distance = stack.distance(entry);
            // the key itself is in the sample for sure, the others by chance
            histogram.addReuse(entry.size + (distance - entry.size) / sample.rate());
        } else {
            histogram.addColdRead();
        }
        if (sizeBytes >= 0) {
            entry.size = sizeBytes;
        }
        stack.moveToTop(entry, Math.max(0, entry.size));
        entry.lastLogged = log.append(key, sizeBytes);
    }

    private synchronized void store(String key, long hash, long sizeBytes) {
        SampledKey entry = sampledKey(key, hash);
        if (entry == null) {
            return;
        }
        entry.size = sizeBytes;
        stack.moveToTop(entry, sizeBytes);
        log.fillSize(entry.lastLogged, sizeBytes);
    }

    /** The key's entry in the sample, admitting it if new; null if it is not (or no longer) sampled. */
    private SampledKey sampledKey(String key, long hash) {
        // the threshold may have dropped since the caller compared
        if (!sample.admits(hash)) {
            return null;
        }
        SampledKey entry = sample.get(key);
        if (entry != null) {
            return entry;
        }
        double rate = sample.rate();
        entry = sample.admit(key, hash, stack::remove);
        if (sample.rate() < rate) {
            histogram.scale(sample.rate() / rate);
        }
        return entry;
    }

    /**
     * The estimated hit rates at 1/4, 1/2, 1, 2, 4 and 8 times {@code capacityBytes}, corrected by
     * the count of all reads (SHARDS-adj): the reads the sample has more or fewer than expected are
     * mostly those of hot keys that happen to be in it or not, which hit at every capacity, so the
     * difference is taken from or added to the hits at every capacity. All 0 before the first sampled
     * read.
     */
    @Override
    public synchronized List<Point> curve(long capacityBytes) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacityBytes);
        }
        List<Point> points = new ArrayList<>(QUARTERS.length);
        for (int quarters : QUARTERS) {
            long capacity = Math.max(1, capacityBytes / 4 * quarters + capacityBytes % 4 * quarters / 4);
            points.add(new Point(capacity, hitRate(capacity)));
        }
        return List.copyOf(points);
    }

    /** The estimated hit rate of an LRU cache of {@code capacityBytes}, corrected as {@link #curve} is. */
    public synchronized double hitRate(long capacityBytes) {
        double sampledReads = histogram.reads();
        if (sampledReads == 0) {
            return 0;
        }
        // A read was sampled with the rate r of its time and now weighs R / r, R the rate now: each
        // read, sampled or not, adds r * R / r = R to the sample's expected weight. The sum of each
        // read's r would be the expected weight without the rescalings, which the histogram has had.
        double expected = reads.sum() * sample.rate();
        if (expected <= 0) {
            return 0;
        }
        return Math.max(0, Math.min(1, (histogram.hits(capacityBytes) + expected - sampledReads) / expected));
    }

    @Override
    public long reads() {
        return reads.sum();
    }

    /** The sampled reads, weighed as if all had been sampled at the current rate. */
    @Override
    public synchronized long sampledReads() {
        return Math.round(histogram.reads());
    }

    /** Forgets every read, sampled key and log line, and samples at the largest rate again. */
    @Override
    public synchronized void reset() {
        sample.clear();
        stack.clear();
        histogram.clear();
        log.clear();
        reads.reset();
    }

    /**
     * Writes the logged reads, oldest first, as the simulator reads a trace (see {@link ReadLog#writeTo});
     * copies the log first, so that reads are not held up by the writing. Always true.
     */
    @Override
    public boolean writeLog(Appendable out) throws IOException {
        ReadLog copy;
        synchronized (this) {
            copy = log.copy();
        }
        copy.writeTo(out);
        return true;
    }
}
