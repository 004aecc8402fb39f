package imagecache.cache.sim;

import imagecache.cache.Memcache;
import imagecache.cache.MemcacheLookup;
import imagecache.cache.ReplacementPolicy;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Replays a trace through the product's own {@link Memcache}, as the front end uses it: a read is a
 * {@code get}; a miss is followed by a {@code fill} with the loaded value under the miss's lease.
 * Values are shared arrays, one per size: the memcache keeps only the reference and counts its
 * length, so a simulation of gigabytes needs megabytes.
 */
final class MemcacheReplay {

    /** RANDOM's victims come from this seed, so that runs repeat. */
    static final long RANDOM_SEED = 42;

    private static final String TAG = "sim";

    private final Trace trace;
    private final byte[][] valueOfKey;

    MemcacheReplay(Trace trace) {
        this.trace = trace;
        Map<Integer, byte[]> valueOfSize = new HashMap<>();
        valueOfKey = new byte[trace.keys()][];
        for (int key = 0; key < trace.keys(); key++) {
            valueOfKey[key] = valueOfSize.computeIfAbsent(trace.size(key), byte[]::new);
        }
    }

    Result run(ReplacementPolicy policy, long capacityBytes) {
        Memcache cache = new Memcache(capacityBytes, policy, new Random(RANDOM_SEED));
        long hits = 0;
        long bytesRead = 0;
        long bytesHit = 0;
        for (int i = 0; i < trace.length(); i++) {
            int key = trace.read(i);
            String name = trace.keyName(key);
            int size = trace.size(key);
            bytesRead += size;
            MemcacheLookup lookup = cache.get(name);
            if (lookup.isHit()) {
                hits++;
                bytesHit += size;
            } else {
                cache.fill(name, valueOfKey[key], TAG, lookup.lease());
            }
        }
        if (cache.stats().hits() != hits || cache.stats().requests() != trace.length()) {
            throw new IllegalStateException("the memcache counted " + cache.stats() + ", the replay " + hits + " hits");
        }
        return new Result(trace.length(), hits, bytesRead, bytesHit);
    }
}
