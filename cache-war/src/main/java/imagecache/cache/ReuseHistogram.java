package imagecache.cache;

import java.util.Arrays;

/**
 * The sampled reads by reuse distance, from which the hit rate at any capacity is read: 16 buckets
 * per doubling from 1 KiB to 1 TiB, a capacity inside a bucket taking the linear share of it, and
 * one more bucket for the distances beyond. A read that misses at every capacity (a first read)
 * counts among the reads but in no bucket.
 *
 * <p>Weights, not counts: when the curve's sampling rate drops, {@link #scale} makes the past reads
 * weigh as if they had been sampled at the new rate, as the reads to come are. Not thread-safe.
 */
final class ReuseHistogram {

    private static final double SMALLEST_BUCKET = 1024;
    private static final int STEPS_PER_DOUBLING = 16;
    private static final int DOUBLINGS = 30;
    private static final int BUCKETS = STEPS_PER_DOUBLING * DOUBLINGS;
    /** BOUND[i] is bucket i's upper end: bucket 0 is [0, 1 KiB], bucket i (BOUND[i - 1], BOUND[i]]. */
    private static final double[] BOUND = bounds();

    // bucket BUCKETS + 1 holds the distances beyond the last bound
    private final double[] weights = new double[BUCKETS + 2];
    private double reads;

    /** A read that hits at every capacity of at least {@code distanceBytes}. */
    void addReuse(double distanceBytes) {
        weights[bucketOf(distanceBytes)]++;
        reads++;
    }

    /** A read that misses at every capacity. */
    void addColdRead() {
        reads++;
    }

    /** Multiplies every weight by {@code factor}. */
    void scale(double factor) {
        for (int i = 0; i < weights.length; i++) {
            weights[i] *= factor;
        }
        reads *= factor;
    }

    /** The weight of every read added, scaled as the reads were. */
    double reads() {
        return reads;
    }

    /** The weight of the reads that hit at {@code capacityBytes}. */
    double hits(long capacityBytes) {
        double hits = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            double lower = i == 0 ? 0 : BOUND[i - 1];
            if (BOUND[i] <= capacityBytes) {
                hits += weights[i];
            } else {
                if (capacityBytes > lower) {
                    hits += weights[i] * (capacityBytes - lower) / (BOUND[i] - lower);
                }
                break;
            }
        }
        return hits;
    }

    void clear() {
        Arrays.fill(weights, 0);
        reads = 0;
    }

    private static int bucketOf(double bytes) {
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
}
