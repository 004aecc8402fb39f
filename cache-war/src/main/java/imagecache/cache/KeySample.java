package imagecache.cache;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The keys the hit-rate curve follows, chosen by hash (fixed-size SHARDS): a key is in the sample iff
 * its hash is below a threshold, so that every read of a sampled key is seen and none of another.
 *
 * <p>The threshold starts at the largest rate asked for. The sample holds at most {@code maxKeys}
 * keys: when one more would enter, the keys of the largest hash among the sampled ones and the new
 * one leave (the new one by not entering) and the threshold drops to that hash. So the sample is
 * always exactly the keys below the threshold, a key that left is never sampled again, and no key is
 * forgotten for having been read long ago. The rate settles at about {@code maxKeys} over the
 * distinct keys read.
 *
 * <p>Not thread-safe but for {@link #admits}, which reads the threshold without a lock so that a read
 * of an unsampled key costs one comparison; the threshold only drops between {@link #clear}s.
 */
final class KeySample {

    /** Enough that a threshold lowered to a key's hash parts the keys of a large key space. */
    static final int HASH_BITS = 40;

    private static final long HASH_SCALE = 1L << HASH_BITS;

    private final long maxThreshold;
    private final int maxKeys;
    private volatile long threshold;
    private final Map<String, SampledKey> keys = new HashMap<>();
    /** Largest hash first: the next to leave when the sample is full. */
    private final PriorityQueue<SampledKey> byHash = new PriorityQueue<>(
            Comparator.comparingLong((SampledKey key) -> key.hash).reversed());

    /** Samples at most {@code maxRate} (0 to 1, rounded to a multiple of 2^-40) of the keys, at most {@code maxKeys} of them. */
    KeySample(double maxRate, int maxKeys) {
        if (!(maxRate > 0 && maxRate <= 1)) {
            throw new IllegalArgumentException("sampling rate must be in (0, 1]: " + maxRate);
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxSampledKeys must be positive: " + maxKeys);
        }
        this.maxThreshold = Math.max(1, Math.round(maxRate * HASH_SCALE));
        this.threshold = maxThreshold;
        this.maxKeys = maxKeys;
    }

    /** The hash a key is sampled by: the top 40 bits of a 64-bit mix of its {@code hashCode}. */
    static long hash(String key) {
        return mix64(key.hashCode()) >>> (64 - HASH_BITS);
    }

    /** Whether a key of this hash is in the sample, or would enter it. */
    boolean admits(long hash) {
        return hash < threshold;
    }

    /** The share of keys sampled now. */
    double rate() {
        return (double) threshold / HASH_SCALE;
    }

    /** The sampled key of this name, or null if it has not entered (yet). */
    SampledKey get(String key) {
        return keys.get(key);
    }

    /**
     * Adds a key that {@link #admits} its hash and is not in the sample yet. If the sample is full,
     * the keys of the largest hash leave first, each handed to {@code leaving}, and the threshold
     * drops to that hash; returns null if the new key is one of them.
     */
    SampledKey admit(String key, long hash, Consumer<SampledKey> leaving) {
        if (keys.size() >= maxKeys) {
            long largest = Math.max(hash, byHash.element().hash);
            // keys of equal hash leave together: a key is sampled iff its hash is below the threshold
            while (!byHash.isEmpty() && byHash.element().hash == largest) {
                SampledKey left = byHash.remove();
                keys.remove(left.name);
                leaving.accept(left);
            }
            threshold = largest;
            if (hash == largest) {
                return null;
            }
        }
        SampledKey entry = new SampledKey(key, hash);
        keys.put(key, entry);
        byHash.add(entry);
        return entry;
    }

    /** Forgets every key and samples at the largest rate again. */
    void clear() {
        keys.clear();
        byHash.clear();
        threshold = maxThreshold;
    }

    /** Murmur3's finalizer: every bit of the input moves about half of the output's. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
