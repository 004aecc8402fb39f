package imagecache.cache.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.cache.HitRateCurve;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live hit-rate curve against LRU's exact hit ratio on the same reads, and its log as a trace. */
class CurveComparisonTest {

    private static final int READS = 200_000;
    private static final double TARGET_POINTS = 3;

    private static void assertWithinTarget(Trace trace) {
        CurveComparison.Comparison comparison = CurveComparison.compare(
                trace, HitRateCurve.DEFAULT_SAMPLING_RATE, HitRateCurve.DEFAULT_MAX_SAMPLED_KEYS);
        assertEquals(6, comparison.rows().size());
        assertTrue(comparison.worstPoints() <= TARGET_POINTS, trace.name() + ": " + comparison);
    }

    @Test
    void atTheDefaultRateTheCurveIsWithinThreePointsOfLruWithEqualSizes() {
        assertWithinTarget(Traces.zipf(0.8, Traces.KEYS, READS, Traces.Sizes.EQUAL, 2));
    }

    @Test
    void atTheDefaultRateTheCurveIsWithinThreePointsOfLruWithVariedSizes() {
        assertWithinTarget(Traces.zipf(0.8, Traces.KEYS, READS, Traces.Sizes.VARIED, 2));
    }

    @Test
    void atTheDefaultsTheCurveIsWithinThreePointsOfLruOverAMillionKeys() {
        // some 120,000 keys read: the sample fills and the rate drops to about 0.14
        Trace trace = Traces.zipf(0.8, 1_000_000, READS, Traces.Sizes.VARIED, 2);
        CurveComparison.Comparison comparison = CurveComparison.compare(
                trace, HitRateCurve.DEFAULT_SAMPLING_RATE, HitRateCurve.DEFAULT_MAX_SAMPLED_KEYS);
        assertTrue(comparison.samplingRate() < 0.2, "rate " + comparison.samplingRate());
        assertTrue(comparison.worstPoints() <= TARGET_POINTS, trace.name() + ": " + comparison);
    }

    @Test
    void theExportedLogReadsBackAsTheSameTrace(@TempDir Path dir) throws IOException {
        HitRateCurve curve = new HitRateCurve(1.0);
        String[] keys = {"img-1", " spaced out ", "tab\tand\nnewline", "# not a comment", "100%", "img-1"};
        int[] sizes = {10, 20, 30, 40, 50, 10};
        for (int i = 0; i < keys.length; i++) {
            curve.record(keys[i], sizes[i]);
        }
        Path file = dir.resolve("sample.trace");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            curve.writeLog(out);
        }
        Trace trace = TraceFile.read(file, Integer.MAX_VALUE);
        assertEquals(keys.length, trace.length());
        assertEquals(5, trace.keys());
        for (int i = 0; i < keys.length; i++) {
            assertEquals(keys[i], trace.keyName(trace.read(i)));
            assertEquals(sizes[i], trace.size(trace.read(i)));
        }
    }

    @Test
    void aDecodedKeyWithANewlineKeepsANameOfItsOwn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("clash.trace");
        // "a" changes size, so its second version would be called "a\n1", which the third key is
        Files.writeString(file, "# keys: percent-encoded\na 1\na 2\na%0A1 3\na 2\n", StandardCharsets.UTF_8);
        Trace trace = TraceFile.read(file, Integer.MAX_VALUE);
        assertEquals(3, trace.keys());
        assertEquals(trace.read(1), trace.read(3));
        assertTrue(trace.read(2) != trace.read(1));
        assertEquals(3, trace.size(trace.read(2)));
        assertTrue(!trace.keyName(trace.read(1)).equals(trace.keyName(trace.read(2))));
    }
}
