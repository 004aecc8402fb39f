package imagecache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.memcache.protocol.TraceKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The live hit-rate curve, through what the memcache calls: exact against its LRU when every key is
 * sampled, close when the sample is full.
 */
class HitRateCurveTest {

    private static final long KIB = 1_024;
    private static final double HASH_SCALE = Math.pow(2, KeySample.HASH_BITS);

    /** Records every read as the service does, counted among all reads. */
    private static void recordAll(HitRateCurve curve, CurveReads reads) {
        for (int i = 0; i < reads.keys().length; i++) {
            curve.record(reads.keys()[i], reads.sizes()[i]);
        }
    }

    @Test
    void withItemsOfOneKibibyteTheCurveAtPowersOfTwoEqualsLru() {
        // every distance and every capacity below is a bucket's upper bound, so the histogram loses nothing
        CurveReads reads = CurveReads.random(20_000, 200, 1_024, 1_024, 3);
        HitRateCurve curve = new HitRateCurve(1.0);
        recordAll(curve, reads);
        List<HitRateCurve.Point> points = curve.curve(32 * KIB);
        assertEquals(
                List.of(8L, 16L, 32L, 64L, 128L, 256L),
                points.stream().map(p -> p.capacityBytes() / KIB).toList());
        for (HitRateCurve.Point point : points) {
            assertEquals(reads.lruHitRate(point.capacityBytes()), point.hitRate(), 1e-12, "at " + point);
        }
    }

    @Test
    void withVariedSizesTheCurveIsWithinTheBucketsResolutionOfLru() {
        CurveReads reads = CurveReads.random(20_000, 300, 1_000, 100_000, 4);
        HitRateCurve curve = new HitRateCurve(1.0);
        recordAll(curve, reads);
        for (HitRateCurve.Point point : curve.curve(1_000_000)) {
            assertEquals(reads.lruHitRate(point.capacityBytes()), point.hitRate(), 0.01, "at " + point);
        }
    }

    @Test
    void aMissIsSizedByTheStoreThatFollowsIt() {
        HitRateCurve curve = new HitRateCurve(1.0);
        curve.record("a", HitRateCurve.UNKNOWN_SIZE);
        curve.recordStore("a", KIB);
        curve.record("b", HitRateCurve.UNKNOWN_SIZE);
        curve.recordStore("b", KIB);
        // a at distance a + b: it hits at 2 KiB, not at 1
        curve.record("a", KIB);
        assertEquals(1.0 / 3, curve.hitRate(2 * KIB), 1e-12);
        assertEquals(0, curve.hitRate(KIB));
        // a key missed and never stored takes no room, and its next read is a miss everywhere
        curve.record("gone", HitRateCurve.UNKNOWN_SIZE);
        curve.record("gone", HitRateCurve.UNKNOWN_SIZE);
        curve.record("b", KIB);
        // a known key missed again keeps its size: a larger cache would have held it
        curve.record("a", HitRateCurve.UNKNOWN_SIZE);
        assertEquals(3.0 / 7, curve.hitRate(2 * KIB), 1e-12);
        assertEquals(3.0 / 7, curve.hitRate(Long.MAX_VALUE), 1e-12);
        assertEquals(0, curve.hitRate(KIB));
    }

    @Test
    void aStoreMakesTheKeyTheMostRecentWithItsNewSize() {
        HitRateCurve curve = new HitRateCurve(1.0);
        curve.record("a", KIB);
        curve.record("b", KIB);
        curve.recordStore("a", 2 * KIB);
        // b, then a as stored: 3 KiB; so is a's read after it
        curve.record("b", KIB);
        curve.record("a", 2 * KIB);
        assertEquals(0, curve.hitRate(2 * KIB));
        assertEquals(0.5, curve.hitRate(4 * KIB), 1e-12);
    }

    @Test
    void aSampledKeyReadLongAgoStandsBehindTheSampledKeysOnly() {
        HitRateCurve curve = new HitRateCurve(1.0, 100, 10);
        // each key twice: a hit at its own size, so that the correction by all reads stays in (0, 1)
        for (int i = 0; i < 5_000; i++) {
            curve.record("k" + i, KIB);
            curve.record("k" + i, KIB);
        }
        double rate = curve.samplingRate();
        assertTrue(rate > 0.01 && rate < 0.04, "rate " + rate);
        List<String> sampled = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            if (KeySample.hash("k" + i) < rate * HASH_SCALE) {
                sampled.add("k" + i);
            }
        }
        curve.record(sampled.get(0), KIB);
        // behind every other sampled key and no key that left the sample, scaled to the whole cache
        double distance = KIB + (sampled.size() * KIB - KIB) / rate;
        double oneRead = 1 / (curve.reads() * rate);
        assertEquals(
                oneRead,
                curve.hitRate(Math.round(distance * 1.1)) - curve.hitRate(Math.round(distance * 0.9)),
                1e-9,
                sampled.size() + " keys sampled");
    }

    @Test
    void whenTheRateDropsThePastReadsWeighAsIfSampledAtTheNewRate() {
        // a and c below b: c's arrival in a sample of two makes b leave and the rate drop to b's hash
        String a = KeySampleTest.keyWithHashBetween(0, 0.5);
        String b = KeySampleTest.keyWithHashBetween(0.9, 1);
        String c = KeySampleTest.keyWithHashBetween(0.5, 0.9);
        HitRateCurve curve = new HitRateCurve(1.0, 2, 10);
        curve.record(a, 10);
        curve.record(a, 10);
        curve.record(b, 10);
        curve.record(b, 10);
        assertEquals(1.0, curve.samplingRate());
        curve.record(c, 10);
        double rate = curve.samplingRate();
        assertEquals(KeySample.hash(b) / HASH_SCALE, rate);
        // two hits in four reads, then a first read: the four count for 4 * rate
        assertEquals(Math.round(4 * rate + 1), curve.sampledReads());
        // five reads expected to weigh 5 * rate
        assertEquals((2 * rate + 5 * rate - (4 * rate + 1)) / (5 * rate), curve.hitRate(10_000), 1e-12);
        assertEquals(5, curve.reads());
    }

    @Test
    void overTenTimesMoreKeysThanItSamplesTheCurveIsWithinThreePointsOfLru() {
        CurveReads reads = CurveReads.uniform(200_000, 40_000, 1_000, 10_000, 5);
        HitRateCurve curve = new HitRateCurve(1.0, 4_000, 0);
        recordAll(curve, reads);
        // about 4,000 of the 39,000 keys read
        assertTrue(curve.samplingRate() > 0.08 && curve.samplingRate() < 0.12, "rate " + curve.samplingRate());
        assertEquals(200_000, curve.reads());
        for (HitRateCurve.Point point : curve.curve(reads.distinctBytes() / 20)) {
            assertEquals(reads.lruHitRate(point.capacityBytes()), point.hitRate(), 0.03, "at " + point);
        }
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
        StringBuilder text = new StringBuilder();
        assertTrue(curve.writeLog(text));
        assertEquals(TraceKeys.HEADER + "\nnew\t30\ntab%09here\t4\n", text.toString());
    }

    @Test
    void anEmptyOrResetCurveHasNoHits() throws IOException {
        HitRateCurve curve = new HitRateCurve(1.0);
        assertTrue(curve.curve(1_000).stream().allMatch(p -> p.hitRate() == 0));
        curve.record("a", 10);
        curve.record("a", 10);
        assertEquals(0.5, curve.hitRate(10_000));
        curve.reset();
        assertEquals(0, curve.sampledReads());
        assertEquals(0, curve.reads());
        assertEquals(0, curve.hitRate(10_000));
        StringBuilder text = new StringBuilder();
        curve.writeLog(text);
        assertEquals(TraceKeys.HEADER + "\n", text.toString());
        // the key is forgotten: its next read is a first read again
        curve.record("a", 10);
        assertEquals(1, curve.sampledReads());
        assertEquals(0, curve.hitRate(10_000));
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
    }

    @Test
    void everyReadIsCountedSampledOrNot() {
        HitRateCurve curve = new HitRateCurve(0.1);
        int sampled = 0;
        for (int i = 0; i < 10_000; i++) {
            String key = "img-" + (i % 2_000);
            sampled += KeySample.hash(key) < Math.round(0.1 * HASH_SCALE) ? 1 : 0;
            curve.record(key, 1);
        }
        assertEquals(10_000, curve.reads());
        assertEquals(sampled, curve.sampledReads());
    }

    @Test
    void theCountOfAllReadsCorrectsASampleWithTooFewOrTooManyReads() {
        HitRateCurve curve = new HitRateCurve(0.5);
        String in = KeySampleTest.keyWithHashBetween(0, 0.5);
        String out = KeySampleTest.keyWithHashBetween(0.5, 1);
        curve.record(in, 10);
        curve.record(in, 10);
        for (int i = 0; i < 6; i++) {
            curve.record(out, 10);
        }
        // one hit in the sample's two reads; eight reads at 0.5, two sampled reads fewer than expected:
        // taken as hits, as the hot keys' reads mostly are
        assertEquals(2, curve.sampledReads());
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
        assertThrows(IllegalArgumentException.class, () -> new HitRateCurve(1.0, 1, -1));
    }

    @Test
    void aDisabledSamplerKeepsNothingAndHasNoTrace() throws IOException {
        ReadSampler off = ReadSampler.disabled();
        off.record("a", 10);
        off.recordStore("a", 10);
        off.record("a", 10);
        assertEquals(List.of(), off.curve(1_000));
        assertEquals(0, off.reads());
        assertEquals(0, off.sampledReads());
        assertEquals(0, off.samplingRate());
        StringBuilder text = new StringBuilder();
        assertFalse(off.writeLog(text));
        assertEquals("", text.toString());
    }
}
