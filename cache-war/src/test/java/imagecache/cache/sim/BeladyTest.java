package imagecache.cache.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.cache.ReplacementPolicy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** OPT against exhaustive search on tiny traces, and against the memcache's policies on a Zipf trace. */
class BeladyTest {

    private static final int SIZE = 10;

    private static Trace equalSized(int keys, int... reads) {
        int[] sizes = new int[keys];
        Arrays.fill(sizes, SIZE);
        return new Trace("tiny", "by hand", Traces.names(keys), sizes, reads);
    }

    private static long optHits(Trace trace, int items) {
        return Belady.run(trace, trace.nextUses(), (long) items * SIZE).hits();
    }

    /** The most hits any choice of what to cache and what to evict gets, by trying them all. */
    private static int bestHits(int[] reads, int items) {
        return bestHits(reads, items, 0, 0, new HashMap<>());
    }

    private static int bestHits(int[] reads, int items, int from, int cachedMask, Map<Long, Integer> memo) {
        if (from == reads.length) {
            return 0;
        }
        long state = ((long) from << 32) | cachedMask;
        Integer known = memo.get(state);
        if (known != null) {
            return known;
        }
        int bit = 1 << reads[from];
        int best;
        if ((cachedMask & bit) != 0) {
            best = 1 + bestHits(reads, items, from + 1, cachedMask, memo);
        } else {
            best = bestHits(reads, items, from + 1, cachedMask, memo);
            if (Integer.bitCount(cachedMask) < items) {
                best = Math.max(best, bestHits(reads, items, from + 1, cachedMask | bit, memo));
            } else {
                for (int resident = cachedMask; resident != 0; resident &= resident - 1) {
                    int evicted = cachedMask & ~Integer.lowestOneBit(resident);
                    best = Math.max(best, bestHits(reads, items, from + 1, evicted | bit, memo));
                }
            }
        }
        memo.put(state, best);
        return best;
    }

    @Test
    void nextUsesPointToTheNextReadOfTheSameKey() {
        Trace trace = equalSized(3, 0, 1, 0, 2, 1, 0);
        int never = Integer.MAX_VALUE;
        assertArrayEquals(new int[] {2, 4, 5, never, never, never}, trace.nextUses());
    }

    @Test
    void optEvictsTheKeyReadFurthestInTheFuture() {
        // with room for two: at the read of 2, key 1 is wanted later than key 0, so 1 leaves
        Trace trace = equalSized(3, 0, 1, 2, 0, 2, 1);
        assertEquals(2, optHits(trace, 2));
        assertEquals(bestHits(new int[] {0, 1, 2, 0, 2, 1}, 2), optHits(trace, 2));
    }

    @Test
    void optGetsAsManyHitsAsExhaustiveSearchOnEveryTinyTrace() {
        SplittableRandom random = new SplittableRandom(1);
        for (int n = 0; n < 400; n++) {
            int keys = 2 + random.nextInt(4);
            int items = 1 + random.nextInt(keys - 1);
            int[] reads = random.ints(4 + random.nextInt(12), 0, keys).toArray();
            assertEquals(
                    bestHits(reads, items),
                    optHits(equalSized(keys, reads), items),
                    () -> Arrays.toString(reads) + " in " + items + " items");
        }
    }

    @Test
    void optHitsAtLeastAsOftenAsEveryPolicyOfTheMemcache() {
        for (Trace trace : new Trace[] {
            Traces.zipf(0.8, 1_000, 20_000, Traces.Sizes.EQUAL, 11),
            Traces.zipfWithScans(0.8, 1_000, 20_000, 5_000, Traces.Sizes.EQUAL, 12),
            Traces.shifting(0.8, 1_000, 20_000, Traces.Sizes.EQUAL, 13)
        }) {
            MemcacheReplay replay = new MemcacheReplay(trace);
            int[] nextUses = trace.nextUses();
            for (int items : new int[] {10, 50, 200}) {
                long capacity = (long) items * Traces.EQUAL_SIZE;
                Result opt = Belady.run(trace, nextUses, capacity);
                for (ReplacementPolicy policy : ReplacementPolicy.values()) {
                    Result result = replay.run(policy, capacity);
                    assertEquals(trace.length(), result.reads());
                    assertTrue(
                            opt.hits() >= result.hits(),
                            trace.name() + ", " + items + " items: OPT " + opt + ", " + policy + " " + result);
                }
            }
        }
    }

    @Test
    void aFixedCacheOfTheMostReadKeysGetsNoMoreThanOpt() {
        Trace trace = Traces.zipf(0.8, 1_000, 20_000, Traces.Sizes.EQUAL, 14);
        Result opt = Belady.run(trace, trace.nextUses(), 50L * Traces.EQUAL_SIZE);
        Result fixed = StaticOptimum.run(trace, 50L * Traces.EQUAL_SIZE);
        assertTrue(fixed.hits() <= opt.hits(), "fixed " + fixed + ", OPT " + opt);
        // keys 0 and 1 are read most: keeping them gets every read of them but the first
        assertEquals(
                3 + 1,
                StaticOptimum.run(equalSized(3, 0, 1, 0, 2, 0, 1, 0), 2 * SIZE).hits());
    }

    @Test
    void optNeverCachesAnItemLargerThanTheCapacity() {
        int[] sizes = {SIZE, 100 * SIZE, SIZE};
        Trace trace = new Trace("big", "by hand", Traces.names(3), sizes, new int[] {1, 0, 1, 2, 1, 0, 2, 1});
        Result opt = Belady.run(trace, trace.nextUses(), 2 * SIZE);
        assertEquals(2, opt.hits(), "only keys 0 and 2, read twice each, can hit");
        assertEquals(2L * SIZE, opt.bytesHit());
        assertEquals(4 * 100L * SIZE + 4L * SIZE, opt.bytesRead());
    }

    @Test
    void anEmptyResultHasRatiosOfZero() {
        Result none = new Result(0, 0, 0, 0);
        assertEquals(0.0, none.hitRatio());
        assertEquals(0.0, none.byteHitRatio());
    }
}
