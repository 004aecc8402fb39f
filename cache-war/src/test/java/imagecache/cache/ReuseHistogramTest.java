package imagecache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Reuse distances into hit rates: exact at the buckets' bounds, linear inside one, rescaled as a whole. */
class ReuseHistogramTest {

    private static final long KIB = 1_024;

    @Test
    void atPowersOfTwoFromOneKibibyteNothingIsLost() {
        ReuseHistogram histogram = new ReuseHistogram();
        histogram.addReuse(KIB);
        histogram.addReuse(2 * KIB);
        histogram.addReuse(1_024 * KIB);
        histogram.addColdRead();
        assertEquals(4, histogram.reads());
        assertEquals(0, histogram.hits(0));
        assertEquals(1, histogram.hits(KIB));
        assertEquals(2, histogram.hits(2 * KIB));
        assertEquals(2, histogram.hits(512 * KIB));
        assertEquals(3, histogram.hits(1_024 * KIB));
        assertEquals(3, histogram.hits(Long.MAX_VALUE), "a cold read hits nowhere");
    }

    @Test
    void aCapacityInsideABucketTakesItsLinearShare() {
        ReuseHistogram histogram = new ReuseHistogram();
        // bucket 0 is [0, 1 KiB]
        histogram.addReuse(100);
        histogram.addReuse(1_000);
        assertEquals(1, histogram.hits(KIB / 2), 1e-12);
        assertEquals(2, histogram.hits(KIB), 1e-12);
        // one bucket is a sixteenth of a doubling: (2 KiB, 2^(17/16) KiB]
        double lower = KIB * Math.pow(2, 16.0 / 16);
        double upper = KIB * Math.pow(2, 17.0 / 16);
        histogram.addReuse((lower + upper) / 2);
        long inside = Math.round((lower + 3 * upper) / 4);
        assertEquals(2 + (inside - lower) / (upper - lower), histogram.hits(inside), 1e-12);
    }

    @Test
    void aDistanceBeyondTheLastBucketHitsNowhere() {
        ReuseHistogram histogram = new ReuseHistogram();
        histogram.addReuse(Math.pow(2, 41));
        assertEquals(1, histogram.reads());
        assertEquals(0, histogram.hits(Long.MAX_VALUE));
    }

    @Test
    void scalingMultipliesEveryReadAndHitAlike() {
        ReuseHistogram histogram = new ReuseHistogram();
        histogram.addReuse(KIB);
        histogram.addReuse(KIB);
        histogram.addColdRead();
        histogram.addColdRead();
        histogram.scale(0.25);
        histogram.addColdRead();
        // two hits in four reads at the old rate, then a first read: the four count for one
        assertEquals(2, histogram.reads(), 1e-12);
        assertEquals(0.5, histogram.hits(KIB), 1e-12);
        histogram.clear();
        assertEquals(0, histogram.reads());
        assertEquals(0, histogram.hits(Long.MAX_VALUE));
    }
}
