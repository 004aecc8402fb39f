package imagecache.cache;

import java.io.IOException;
import java.util.List;

/**
 * Where the memcache's reads and stores go to become a hit-rate curve: {@link HitRateCurve}, or
 * {@link #disabled()} when the curve is off, so that the memcache's path has no test for it.
 */
public interface ReadSampler {

    /** The size to record for a read that missed: not known until the value is stored. */
    long UNKNOWN_SIZE = SampledKey.UNKNOWN_SIZE;

    /** A sampler that keeps nothing: no points, no trace. */
    static ReadSampler disabled() {
        return DisabledReadSampler.INSTANCE;
    }

    /** Records a read: {@code sizeBytes} is the value's length on a hit, {@link #UNKNOWN_SIZE} on a miss. */
    void record(String key, long sizeBytes);

    /** Records that a fill or put stored {@code sizeBytes} under {@code key}; not a read. */
    void recordStore(String key, long sizeBytes);

    /** LRU's estimated hit rates at 1/4, 1/2, 1, 2, 4 and 8 times {@code capacityBytes}; none when off. */
    List<HitRateCurve.Point> curve(long capacityBytes);

    /** The share of keys sampled now; 0 when off. */
    double samplingRate();

    /** Every read recorded since the start or the last {@link #reset}. */
    long reads();

    /** The sampled reads the curve is made of: how far to trust it. */
    long sampledReads();

    /** Forgets every read: the curve starts again from an empty cache. */
    void reset();

    /**
     * Writes the sampled reads as a trace for the simulator and returns true; false, writing nothing,
     * when the curve is off.
     */
    boolean writeLog(Appendable out) throws IOException;
}
