package imagecache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FrequencySketchTest {

    @Test
    void countsStopAtFifteen() {
        FrequencySketch sketch = new FrequencySketch(64);
        for (int i = 0; i < 100; i++) {
            sketch.increment("hot");
        }
        assertEquals(FrequencySketch.MAX_COUNT, sketch.frequency("hot"));
        assertEquals(0, sketch.frequency("never asked for"));
    }

    @Test
    void estimatesAreNeverBelowTheTrueCountAndMostlyExact() {
        FrequencySketch sketch = new FrequencySketch(1_000);
        int keys = 300;
        for (int i = 0; i < keys; i++) {
            for (int n = 0; n < i % 16; n++) {
                sketch.increment("key-" + i);
            }
        }
        int exact = 0;
        for (int i = 0; i < keys; i++) {
            int estimate = sketch.frequency("key-" + i);
            assertTrue(estimate >= i % 16, "key-" + i + " counted " + (i % 16) + " times, estimated " + estimate);
            if (estimate == i % 16) {
                exact++;
            }
        }
        assertTrue(exact >= keys * 9 / 10, "only " + exact + " of " + keys + " estimates exact");
    }

    @Test
    void agingHalvesEveryCountAfterEachSample() {
        FrequencySketch sketch = new FrequencySketch(64);
        for (int i = 0; i < 6; i++) {
            sketch.increment("warm");
        }
        for (int i = 6; i < sketch.sampleSize() - 1; i++) {
            sketch.increment("hot");
        }
        assertEquals(15, sketch.frequency("hot"));
        assertEquals(6, sketch.frequency("warm"));
        sketch.increment("hot"); // the sample's last increment
        assertEquals(7, sketch.frequency("hot"));
        assertEquals(3, sketch.frequency("warm"));
        for (int i = 0; i < sketch.sampleSize(); i++) {
            sketch.increment("other-" + (i % 4));
        }
        assertEquals(3, sketch.frequency("hot"), "halved again, never renewed");
        assertEquals(1, sketch.frequency("warm"));
    }

    @Test
    void growingKeepsTheCountsAndLengthensTheSample() {
        FrequencySketch sketch = new FrequencySketch(64);
        IntStream.range(0, 40).forEach(i -> IntStream.range(0, i % 16).forEach(n -> sketch.increment("key-" + i)));
        int[] before =
                IntStream.range(0, 40).map(i -> sketch.frequency("key-" + i)).toArray();
        int sampleBefore = sketch.sampleSize();
        sketch.ensureItems(5_000);
        for (int i = 0; i < 40; i++) {
            assertEquals(before[i], sketch.frequency("key-" + i), "key-" + i);
        }
        assertTrue(sketch.sampleSize() > sampleBefore);
    }
}
