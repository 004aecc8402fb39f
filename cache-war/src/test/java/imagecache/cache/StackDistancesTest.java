package imagecache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The LRU stack in bytes: a read hits in the memcache's LRU exactly when its distance fits. */
class StackDistancesTest {

    /** The distance of a first read. */
    private static final long COLD = Long.MAX_VALUE;

    /** Reads keys on a stack as the curve does with every key sampled. */
    private static final class Reader {
        final StackDistances stack = new StackDistances();
        final Map<String, SampledKey> keys = new HashMap<>();

        long read(String key, long size) {
            SampledKey entry = keys.computeIfAbsent(key, k -> new SampledKey(k, 0));
            long distance = stack.contains(entry) ? stack.distance(entry) : COLD;
            stack.moveToTop(entry, size);
            return distance;
        }
    }

    private static void assertDistancesDecideLruHits(CurveReads reads, long... capacities) {
        Reader reader = new Reader();
        long[] distances = new long[reads.keys().length];
        for (int i = 0; i < distances.length; i++) {
            distances[i] = reader.read(reads.keys()[i], reads.sizes()[i]);
        }
        for (long capacity : capacities) {
            boolean[] hits = reads.lruHits(capacity);
            for (int i = 0; i < hits.length; i++) {
                boolean predicted = distances[i] <= capacity;
                assertEquals(
                        hits[i], predicted, "read " + i + " at capacity " + capacity + ", distance " + distances[i]);
            }
        }
    }

    @Test
    void withEqualSizesEveryReadHitsInLruExactlyWhenItsDistanceFits() {
        // 5,000 reads pass the first renumbering of the times several times
        CurveReads reads = CurveReads.random(5_000, 40, 100, 100, 1);
        assertDistancesDecideLruHits(reads, 100, 300, 700, 1_000, 2_000, 3_900, 4_000);
    }

    @Test
    void withVariedSizesEveryReadHitsInLruExactlyWhenItsDistanceFits() {
        CurveReads reads = CurveReads.random(5_000, 40, 1, 500, 2);
        // no item larger than the capacity: the memcache would not store it
        assertDistancesDecideLruHits(reads, 500, 777, 1_500, 3_000, 6_000, 10_000, 20_000);
    }

    @Test
    void aDistanceCountsTheDistinctKeysSinceTheLastReadAndTheKeyItself() {
        Reader reader = new Reader();
        assertEquals(COLD, reader.read("a", 10));
        assertEquals(COLD, reader.read("b", 20));
        assertEquals(20, reader.read("b", 20));
        assertEquals(COLD, reader.read("c", 40));
        assertEquals(70, reader.read("a", 10), "a, b and c, b once");
        assertEquals(50, reader.read("c", 40));
        assertEquals(70, reader.read("b", 20));
    }

    @Test
    void renumberingTheTimesKeepsDistancesRight() {
        Reader reader = new Reader();
        reader.read("old", 5);
        reader.read("other", 7);
        // the times start with 1,024 slots: this passes several renumberings and one growth
        for (int i = 0; i < 10_000; i++) {
            reader.read(i % 2 == 0 ? "b" : "c", i % 2 == 0 ? 100 : 1_000);
        }
        for (int i = 0; i < 3_000; i++) {
            reader.read("k" + i, 1);
        }
        assertEquals(5 + 7 + 100 + 1_000 + 3_000, reader.read("old", 5));
        assertEquals(7 + 5 + 100 + 1_000 + 3_000, reader.read("other", 7));
        assertEquals(1_000 + 3_000 + 5 + 7, reader.read("c", 1_000));
    }

    @Test
    void aKeyTakenOutNoLongerCountsAndAMovedKeyWeighsItsNewBytes() {
        Reader reader = new Reader();
        reader.read("a", 10);
        reader.read("b", 20);
        reader.read("c", 40);
        reader.stack.remove(reader.keys.get("b"));
        assertFalse(reader.stack.contains(reader.keys.get("b")));
        assertEquals(50, reader.read("a", 10), "a and c");
        reader.stack.moveToTop(reader.keys.get("c"), 5);
        assertEquals(15, reader.read("a", 10), "a, then c at its new size");
        assertEquals(COLD, reader.read("b", 20));
        reader.stack.clear();
        assertTrue(reader.keys.values().stream().noneMatch(reader.stack::contains));
        assertEquals(COLD, reader.read("a", 10));
        assertEquals(10, reader.read("a", 10));
    }
}
