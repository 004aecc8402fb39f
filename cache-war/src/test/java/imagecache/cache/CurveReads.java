package imagecache.cache;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Random reads of keys, each key's size drawn once, and which of them hit in the memcache's LRU. */
record CurveReads(String[] keys, int[] sizes) {

    /** With a skew, so that short and long distances both occur. */
    static CurveReads random(int count, int keys, int minSize, int maxSize, long seed) {
        return draw(count, keys, minSize, maxSize, seed, true);
    }

    /** Every key as likely. */
    static CurveReads uniform(int count, int keys, int minSize, int maxSize, long seed) {
        return draw(count, keys, minSize, maxSize, seed, false);
    }

    private static CurveReads draw(int count, int keys, int minSize, int maxSize, long seed, boolean skewed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] sizeOfKey = new int[keys];
        for (int k = 0; k < keys; k++) {
            sizeOfKey[k] = minSize + random.nextInt(maxSize - minSize + 1);
        }
        String[] names = new String[count];
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            int k = skewed ? (int) (keys * Math.pow(random.nextDouble(), 2)) : random.nextInt(keys);
            names[i] = "key-" + k;
            sizes[i] = sizeOfKey[k];
        }
        return new CurveReads(names, sizes);
    }

    /** The memcache under LRU, read with get and filled after each miss: which reads hit. */
    boolean[] lruHits(long capacity) {
        Memcache cache = new Memcache(capacity, ReplacementPolicy.LRU);
        // the memcache counts only the length: one array per size will do
        Map<Integer, byte[]> values = new HashMap<>();
        boolean[] hits = new boolean[keys.length];
        for (int i = 0; i < hits.length; i++) {
            MemcacheLookup lookup = cache.get(keys[i]);
            hits[i] = lookup.isHit();
            if (!hits[i]) {
                cache.fill(keys[i], values.computeIfAbsent(sizes[i], byte[]::new), "t", lookup.lease());
            }
        }
        return hits;
    }

    double lruHitRate(long capacity) {
        int count = 0;
        for (boolean hit : lruHits(capacity)) {
            count += hit ? 1 : 0;
        }
        return (double) count / keys.length;
    }

    /** The bytes of the distinct keys read. */
    long distinctBytes() {
        Map<String, Integer> sizeOf = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            sizeOf.put(keys[i], sizes[i]);
        }
        return sizeOf.values().stream().mapToLong(Integer::longValue).sum();
    }
}
