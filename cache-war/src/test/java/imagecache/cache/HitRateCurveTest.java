package imagecache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The live hit-rate curve: exact against the memcache's LRU when every key is sampled, close when the sample is full. */
class HitRateCurveTest {

    private static final String TAG = "t";

    /** Random reads of {@code keys} keys, each key's size drawn once from [minSize, maxSize]. */
    private record Reads(String[] keys, int[] sizes) {

        /** With a skew, so that short and long distances both occur. */
        static Reads random(int count, int keys, int minSize, int maxSize, long seed) {
            return draw(count, keys, minSize, maxSize, seed, true);
        }

        /** Every key as likely. */
        static Reads uniform(int count, int keys, int minSize, int maxSize, long seed) {
            return draw(count, keys, minSize, maxSize, seed, false);
        }

        private static Reads draw(int count, int keys, int minSize, int maxSize, long seed, boolean skewed) {
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
            return new Reads(names, sizes);
        }
    }

    /** The memcache under LRU, read with get and filled after each miss: which reads hit. */
    private static boolean[] lruHits(Reads reads, long capacity) {
        Memcache cache = new Memcache(capacity, ReplacementPolicy.LRU);
        // the memcache counts only the length: one array per size will do
        Map<Integer, byte[]> values = new HashMap<>();
        boolean[] hits = new boolean[reads.keys().length];
        for (int i = 0; i < hits.length; i++) {
            MemcacheLookup lookup = cache.get(reads.keys()[i]);
            hits[i] = lookup.isHit();
            if (!hits[i]) {
                cache.fill(reads.keys()[i], values.computeIfAbsent(reads.sizes()[i], byte[]::new), TAG, lookup.lease());
            }
        }
        return hits;
    }

    private static long[] distances(HitRateCurve curve, Reads reads) {
        long[] distances = new long[reads.keys().length];
        for (int i = 0; i < distances.length; i++) {
            distances[i] = curve.read(reads.keys()[i], reads.sizes()[i]);
        }
        return distances;
    }

    /** Records every read as the service does, counted among all reads. */
    private static void recordAll(HitRateCurve curve, Reads reads) {
        for (int i = 0; i < reads.keys().length; i++) {
            curve.record(reads.keys()[i], reads.sizes()[i]);
        }
    }

    private static void assertDistancesDecideLruHits(Reads reads, long... capacities) {
        long[] distances = distances(new HitRateCurve(1.0), reads);
        for (long capacity : capacities) {
            boolean[] hits = lruHits(reads, capacity);
            for (int i = 0; i < hits.length; i++) {
                boolean predicted = distances[i] <= capacity;
                assertEquals(
                        hits[i], predicted, "read " + i + " at capacity " + capacity + ", distance " + distances[i]);
            }
        }
    }

    private static double exactHitRate(Reads reads, long capacity) {
        boolean[] hits = lruHits(reads, capacity);
        int count = 0;
        for (boolean hit : hits) {
            count += hit ? 1 : 0;
        }
        return (double) count / hits.length;
    }

    @Test
    void withEqualSizesEveryReadHitsInLruExactlyWhenItsDistanceFits() {
        // 5,000 reads pass the first renumbering of the times several times
        Reads reads = Reads.random(5_000, 40, 100, 100, 1);
        assertDistancesDecideLruHits(reads, 100, 300, 700, 1_000, 2_000, 3_900, 4_000);
    }

    @Test
    void withVariedSizesEveryReadHitsInLruExactlyWhenItsDistanceFits() {
        Reads reads = Reads.random(5_000, 40, 1, 500, 2);
        // no item larger than the capacity: the memcache would not store it
        assertDistancesDecideLruHits(reads, 500, 777, 1_500, 3_000, 6_000, 10_000, 20_000);
    }

    @Test
    void aDistanceCountsTheDistinctKeysSinceTheLastReadAndTheKeyItself() {
        HitRateCurve curve = new HitRateCurve(1.0);
        assertEquals(HitRateCurve.COLD, curve.read("a", 10));
        assertEquals(HitRateCurve.COLD, curve.read("b", 20));
        assertEquals(20, curve.read("b", 20));
        assertEquals(HitRateCurve.COLD, curve.read("c", 40));
        assertEquals(70, curve.read("a", 10), "a, b and c, b once");
        assertEquals(50, curve.read("c", 40));
        assertEquals(70, curve.read("b", 20));
    }

    @Test
    void renumberingTheTimesKeepsDistancesRight() {
        HitRateCurve curve = new HitRateCurve(1.0);
        curve.read("old", 5);
        curve.read("other", 7);
        // the times start with 1,024 slots: this passes several renumberings and one growth
        for (int i = 0; i < 10_000; i++) {
            curve.read(i % 2 == 0 ? "b" : "c", i % 2 == 0 ? 100 : 1_000);
        }
        for (int i = 0; i < 3_000; i++) {
            curve.read("k" + i, 1);
        }
        assertEquals(5 + 7 + 100 + 1_000 + 3_000, curve.read("old", 5));
        assertEquals(7 + 5 + 100 + 1_000 + 3_000, curve.read("other", 7));
        assertEquals(1_000 + 3_000 + 5 + 7, curve.read("c", 1_000));
    }

    @Test
    void withItemsOfOneKibibyteTheCurveAtPowersOfTwoEqualsLru() {
        // every distance and every capacity below is a bucket's upper bound, so the histogram loses nothing
        Reads reads = Reads.random(20_000, 200, 1_024, 1_024, 3);
        HitRateCurve curve = new HitRateCurve(1.0);
        recordAll(curve, reads);
        List<HitRateCurve.Point> points = curve.curve(32 * 1_024);
        assertEquals(
                List.of(8L, 16L, 32L, 64L, 128L, 256L),
                points.stream().map(p -> p.capacityBytes() / 1_024).toList());
        for (HitRateCurve.Point point : points) {
            assertEquals(exactHitRate(reads, point.capacityBytes()), point.hitRate(), 1e-12, "at " + point);
        }
    }

    @Test
    void withVariedSizesTheCurveIsWithinTheBucketsResolutionOfLru() {
        Reads reads = Reads.random(20_000, 300, 1_000, 100_000, 4);
        HitRateCurve curve = new HitRateCurve(1.0);
        recordAll(curve, reads);
        for (HitRateCurve.Point point : curve.curve(1_000_000)) {
            assertEquals(exactHitRate(reads, point.capacityBytes()), point.hitRate(), 0.01, "at " + point);
        }
    }

    @Test
    void aMissIsSizedByTheStoreThatFollowsIt() {
        HitRateCurve curve = new HitRateCurve(1.0);
        curve.record("a", HitRateCurve.UNKNOWN_SIZE);
        curve.recordStore("a", 300);
        curve.record("b", HitRateCurve.UNKNOWN_SIZE);
        curve.recordStore("b", 200);
        assertEquals(500, curve.read("a", 300));
        // a key missed and never stored takes no room, and its next read is a miss everywhere
        curve.record("gone", HitRateCurve.UNKNOWN_SIZE);
        assertEquals(HitRateCurve.COLD, curve.read("gone", HitRateCurve.UNKNOWN_SIZE));
        assertEquals(500, curve.read("b", 200));
        // a known key missed again keeps its size: a larger cache would have held it
        assertEquals(500, curve.read("a", HitRateCurve.UNKNOWN_SIZE));
    }

    @Test
    void aStoreMakesTheKeyTheMostRecentWithItsNewSize() {
        HitRateCurve curve = new HitRateCurve(1.0);
        curve.read("a", 10);
        curve.read("b", 20);
        curve.recordStore("a", 15);
        assertEquals(35, curve.read("b", 20), "b, then a as stored");
        assertEquals(35, curve.read("a", 15));
    }

    @Test
    void theSampleStaysWithinItsKeysAndIsExactlyTheKeysBelowTheThreshold() {
        HitRateCurve curve = new HitRateCurve(1.0, 100, 10);
        for (int i = 0; i < 5_000; i++) {
            curve.record("k" + i, 1);
            assertTrue(curve.sampledKeys() <= 100);
        }
        // about 100 of 5,000 keys
        assertTrue(curve.samplingRate() > 0.01 && curve.samplingRate() < 0.04, "rate " + curve.samplingRate());
        int earliest = -1;
        for (int i = 0; i < 5_000; i++) {
            String key = "k" + i;
            boolean below = HitRateCurve.hash(key) < curve.threshold();
            assertEquals(below, curve.isTracked(key), key);
            assertEquals(below, curve.sampled(key), key);
            if (below && earliest < 0) {
                earliest = i;
            }
        }
        assertTrue(curve.sampledKeys() > 90, curve.sampledKeys() + " keys");
        // the sampled key read longest ago is still there, behind every other sampled key and no key that left
        assertEquals(curve.sampledKeys(), curve.read("k" + earliest, 1));
    }

    @Test
    void whenTheRateDropsThePastReadsWeighAsIfSampledAtTheNewRate() {
        // a and c below b: c's arrival in a sample of two makes b leave and the rate drop to b's hash
        String a = keyWithHashBetween(0, 0.5);
        String b = keyWithHashBetween(0.9, 1);
        String c = keyWithHashBetween(0.5, 0.9);
        HitRateCurve curve = new HitRateCurve(1.0, 2, 10);
        curve.record(a, 10);
        curve.record(a, 10);
        curve.record(b, 10);
        curve.record(b, 10);
        assertEquals(1.0, curve.samplingRate());
        curve.record(c, 10);
        double rate = curve.samplingRate();
        assertEquals(HitRateCurve.hash(b), curve.threshold());
        assertFalse(curve.isTracked(b));
        assertFalse(curve.sampled(b));
        assertTrue(curve.isTracked(a) && curve.isTracked(c));
        // two hits in four reads, then a first read: the four count for 4 * rate
        assertEquals(2 * rate / (4 * rate + 1), curve.sampleHitRate(10_000), 1e-12);
        // five reads expected to weigh 5 * rate
        assertEquals((2 * rate + 5 * rate - (4 * rate + 1)) / (5 * rate), curve.hitRate(10_000), 1e-12);
        assertEquals(5, curve.reads());
    }

    @Test
    void keysOfEqualHashLeaveTogether() {
        // "Aa" and "BB" have the same hashCode, and so does each with the same suffix
        String suffix = "";
        for (int i = 0; HitRateCurve.hash("Aa" + suffix) / Math.pow(2, 40) < 0.5; i++) {
            suffix = "-" + i;
        }
        String first = "Aa" + suffix;
        String second = "BB" + suffix;
        String lower = keyWithHashBetween(0, 0.5);
        HitRateCurve curve = new HitRateCurve(1.0, 2, 10);
        curve.record(first, 1);
        curve.record(second, 1);
        assertEquals(2, curve.sampledKeys());
        curve.record(lower, 1);
        assertEquals(1, curve.sampledKeys());
        assertEquals(HitRateCurve.hash(first), curve.threshold());
        assertFalse(curve.sampled(first) || curve.sampled(second));
        // a new key of the sample's largest hash leaves with it
        HitRateCurve single = new HitRateCurve(1.0, 1, 10);
        single.record(first, 1);
        single.record(second, 1);
        assertEquals(0, single.sampledKeys());
        assertEquals(HitRateCurve.hash(first), single.threshold());
    }

    /** A key whose hash is between the two fractions of the largest. */
    private static String keyWithHashBetween(double from, double to) {
        double scale = Math.pow(2, 40);
        for (int i = 0; ; i++) {
            String key = "key-" + i;
            double fraction = HitRateCurve.hash(key) / scale;
            if (fraction >= from && fraction < to) {
                return key;
            }
        }
    }

    @Test
    void overTenTimesMoreKeysThanItSamplesTheCurveIsWithinThreePointsOfLru() {
        Reads reads = Reads.uniform(200_000, 40_000, 1_000, 10_000, 5);
        HitRateCurve curve = new HitRateCurve(1.0, 4_000, 0);
        recordAll(curve, reads);
        // about 4,000 of the 39,000 keys read
        assertTrue(curve.samplingRate() > 0.08 && curve.samplingRate() < 0.12, "rate " + curve.samplingRate());
        assertEquals(200_000, curve.reads());
        for (HitRateCurve.Point point : curve.curve(distinctBytes(reads) / 20)) {
            assertEquals(exactHitRate(reads, point.capacityBytes()), point.hitRate(), 0.03, "at " + point);
        }
    }

    private static long distinctBytes(Reads reads) {
        Map<String, Integer> sizes = new HashMap<>();
        for (int i = 0; i < reads.keys().length; i++) {
            sizes.put(reads.keys()[i], reads.sizes()[i]);
        }
        return sizes.values().stream().mapToLong(Integer::longValue).sum();
    }

    @Test
    void theLogKeepsTheLastReadsAndWritesThemAsATrace() throws IOException {
        HitRateCurve curve = new HitRateCurve(1.0, 1_000, 3);
        curve.record("a", 1);
        curve.record("b", 2);
        curve.record("new", HitRateCurve.UNKNOWN_SIZE);
        curve.record("never stored", HitRateCurve.UNKNOWN_SIZE);
        curve.recordStore("new", 30);
        curve.record("tab\there", 4);
        assertEquals(3, curve.loggedReads());
        StringBuilder text = new StringBuilder();
        curve.writeLog(text);
        assertEquals(TraceKeys.HEADER + "\nnew\t30\ntab%09here\t4\n", text.toString());
    }

    @Test
    void anEncodedKeyHoldsNoSpaceNewlineOrCommentAndDecodesToItself() {
        String key = "#a b\tc\nd%25é/日本\r ";
        String encoded = TraceKeys.encode(key);
        assertFalse(encoded.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == '#'), encoded);
        assertEquals(key, TraceKeys.decode(encoded));
        assertEquals("img-1", TraceKeys.encode("img-1"));
        assertThrows(IllegalArgumentException.class, () -> TraceKeys.decode("bad%2"));
    }

    @Test
    void aKeyIsSampledAlwaysOrNeverAtAboutTheRate() {
        HitRateCurve curve = new HitRateCurve(0.1);
        int sampled = 0;
        for (int i = 0; i < 100_000; i++) {
            String key = "img-" + i;
            boolean once = curve.sampled(key);
            assertEquals(once, curve.sampled(key));
            sampled += once ? 1 : 0;
        }
        // 10,000 expected, give or take 95
        assertEquals(10_000, sampled, 500);
        assertEquals(0.1, curve.samplingRate(), 1e-7);
        assertTrue(new HitRateCurve(1.0).sampled("anything"));
    }

    @Test
    void anEmptyOrResetCurveHasNoHits() {
        HitRateCurve curve = new HitRateCurve(1.0);
        assertTrue(curve.curve(1_000).stream().allMatch(p -> p.hitRate() == 0));
        curve.record("a", 10);
        curve.record("a", 10);
        assertEquals(0.5, curve.hitRate(10_000));
        curve.reset();
        assertEquals(0, curve.sampledReads());
        assertEquals(0, curve.reads());
        assertEquals(0, curve.hitRate(10_000));
        assertEquals(0, curve.sampledKeys());
        assertEquals(HitRateCurve.COLD, curve.read("a", 10));
    }

    @Test
    void aResetSamplesAtTheLargestRateAgain() {
        HitRateCurve curve = new HitRateCurve(0.5, 10, 0);
        for (int i = 0; i < 1_000; i++) {
            curve.record("k" + i, 1);
        }
        assertTrue(curve.samplingRate() < 0.1, "rate " + curve.samplingRate());
        curve.reset();
        assertEquals(0.5, curve.samplingRate(), 1e-12);
        for (int i = 0; i < 1_000; i++) {
            assertEquals(HitRateCurve.hash("k" + i) < curve.threshold(), curve.sampled("k" + i));
        }
    }

    @Test
    void everyReadIsCountedSampledOrNot() {
        HitRateCurve curve = new HitRateCurve(0.1);
        int sampled = 0;
        for (int i = 0; i < 10_000; i++) {
            String key = "img-" + (i % 2_000);
            sampled += curve.sampled(key) ? 1 : 0;
            curve.record(key, 1);
        }
        assertEquals(10_000, curve.reads());
        assertEquals(sampled, curve.sampledReads());
    }

    @Test
    void theCountOfAllReadsCorrectsASampleWithTooFewOrTooManyReads() {
        HitRateCurve curve = new HitRateCurve(0.5);
        String in = keyWithHashBetween(0, 0.5);
        String out = keyWithHashBetween(0.5, 1);
        curve.record(in, 10);
        curve.record(in, 10);
        for (int i = 0; i < 6; i++) {
            curve.record(out, 10);
        }
        assertEquals(0.5, curve.sampleHitRate(1_024));
        // eight reads at 0.5, two sampled reads fewer than expected: taken as hits, as the hot keys' reads mostly are
        assertEquals(0.75, curve.hitRate(1_024));
        curve.reset();
        curve.record(in, 10);
        curve.record(in, 10);
        assertEquals(0, curve.hitRate(1_024), "more sampled reads than expected: no hit left");
    }

    @Test
    void aRateOutsideZeroToOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new HitRateCurve(0));
        assertThrows(IllegalArgumentException.class, () -> new HitRateCurve(1.5));
        assertThrows(IllegalArgumentException.class, () -> new HitRateCurve(Double.NaN));
    }
}
