package imagecache.cache.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated traces follow their distributions and seeds; recorded traces parse as documented. */
class TracesTest {

    private static int[] counts(Trace trace, int from, int to) {
        int[] counts = new int[trace.keys()];
        for (int i = from; i < to; i++) {
            counts[trace.read(i)]++;
        }
        return counts;
    }

    private static int mostRead(int[] counts) {
        return IntStream.range(0, counts.length)
                .reduce((a, b) -> counts[b] > counts[a] ? b : a)
                .orElseThrow();
    }

    @Test
    void zipfDrawsTheTopRankAsOftenAsTheFormulaSays() {
        double harmonic = IntStream.rangeClosed(1, 10_000)
                .mapToDouble(rank -> Math.pow(rank, -0.8))
                .sum();
        Zipf zipf = new Zipf(10_000, 0.8);
        assertEquals(1 / harmonic, zipf.probability(0), 1e-12);
        SplittableRandom random = new SplittableRandom(3);
        int draws = 200_000;
        int top = 0;
        for (int i = 0; i < draws; i++) {
            if (zipf.nextRank(random) == 0) {
                top++;
            }
        }
        // 1 / H(10,000, 0.8) is 3.7 %: about 7,400 draws, give or take 90
        assertEquals(1 / harmonic, (double) top / draws, 0.03 / harmonic);
    }

    @Test
    void aZipfTracesTopKeyHasTheTopRanksShare() {
        Trace trace = Traces.zipf(1.0, 1_000, 100_000, Traces.Sizes.EQUAL, 1);
        double expected = new Zipf(1_000, 1.0).probability(0);
        int[] counts = counts(trace, 0, trace.length());
        assertEquals(expected, counts[mostRead(counts)] / 100_000.0, 0.05 * expected);
    }

    @Test
    void theSameSeedMakesTheSameTrace() {
        Trace a = Traces.zipf(0.8, 1_000, 1_000, Traces.Sizes.VARIED, 9);
        Trace b = Traces.zipf(0.8, 1_000, 1_000, Traces.Sizes.VARIED, 9);
        assertArrayEquals(counts(a, 0, 1_000), counts(b, 0, 1_000));
        assertEquals(a.distinctBytes(), b.distinctBytes());
    }

    @Test
    void aScanReadsEveryKeyOnceInOrderAfterEachStretchOfZipfReads() {
        Trace trace = Traces.zipfWithScans(0.8, 100, 1_000, 300, Traces.Sizes.EQUAL, 4);
        for (int key = 0; key < 100; key++) {
            assertEquals(key, trace.read(300 + key));
            assertEquals(key, trace.read(700 + key));
        }
        assertEquals(1_000, trace.length());
    }

    @Test
    void theShiftingTraceChangesItsHotKeyHalfway() {
        Trace trace = Traces.shifting(0.8, 1_000, 100_000, Traces.Sizes.EQUAL, 5);
        assertNotEquals(mostRead(counts(trace, 0, 50_000)), mostRead(counts(trace, 50_000, 100_000)));
    }

    @Test
    void variedSizesStayWithinTheirRangeInFewDistinctValues() {
        int[] sizes = Traces.sizes(10_000, Traces.Sizes.VARIED);
        assertTrue(Arrays.stream(sizes).allMatch(s -> s >= Traces.MIN_SIZE && s <= Traces.MAX_SIZE));
        assertTrue(Arrays.stream(sizes).distinct().count() <= Traces.SIZE_STEPS);
    }

    @Test
    void aRecordedTraceIsOneKeyAndSizeALine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("trace.txt");
        Files.writeString(
                file,
                "# recorded\nphoto-1 1000\n\nphoto 2\t2000\nphoto-1 1000\nphoto-1 1500\nphoto 2 2000\n",
                StandardCharsets.UTF_8);
        Trace trace = TraceFile.read(file, Integer.MAX_VALUE);
        assertEquals(5, trace.length());
        assertEquals(3, trace.keys(), "photo-1, photo 2, and photo-1 with its new size");
        assertEquals("photo 2", trace.keyName(trace.read(1)));
        assertEquals(trace.read(0), trace.read(2));
        assertNotEquals(trace.read(0), trace.read(3), "a new size is a new image");
        assertEquals(1500, trace.size(trace.read(3)));
        assertEquals(trace.read(1), trace.read(4));
        assertEquals(3, TraceFile.read(file, 3).length());
    }

    @Test
    void aLineWithoutASizeIsRejectedWithItsNumber(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, "photo-1 1000\nphoto-2\n", StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> TraceFile.read(file, Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains(":2:"), e.getMessage());
    }

    @Test
    void sizesTooManyToShareAreRoundedOnAGrid() {
        int[] sizes = IntStream.range(0, 2_000).map(i -> 1_000_000 + 97 * i).toArray();
        double step = TraceFile.shareableStep(sizes);
        assertTrue(step > 0);
        int[] rounded = TraceFile.rounded(sizes, step);
        for (int i = 0; i < sizes.length; i++) {
            assertEquals(sizes[i], rounded[i], sizes[i] * step);
        }
        assertEquals(0, TraceFile.shareableStep(new int[] {100, 100, 200}));
    }
}
