package imagecache.cache.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import imagecache.cache.service.PoolHistory.NodeSample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static NodeSample sample(String node, double secondsAfterT0, int items, long hits, long misses) {
        Instant at = T0.plusMillis((long) (secondsAfterT0 * 1000));
        return new NodeSample(node, new StatsSample(at, items, items * 100L, hits + misses, hits, misses));
    }

    @Test
    void oneNodesHistoryComesOutAsItWentIn() {
        List<NodeSample> samples = List.of(sample("local", 1.2, 3, 5, 1), sample("local", 6.2, 4, 7, 0));
        List<StatsSample> pooled = PoolHistory.of(samples, 5);
        assertEquals(samples.stream().map(NodeSample::sample).toList(), pooled);
    }

    @Test
    void samplesOfSeveralNodesInOneIntervalAreSummedAndRatesComeFromTheSums() {
        List<StatsSample> pooled = PoolHistory.of(
                List.of(
                        sample("a", 0.5, 2, 9, 1),
                        sample("b", 3.9, 5, 0, 10),
                        sample("c", 4.99, 1, 10, 0),
                        sample("a", 5.4, 3, 1, 1)),
                5);
        assertEquals(2, pooled.size());
        StatsSample first = pooled.get(0);
        assertEquals(8, first.items());
        assertEquals(800, first.bytes());
        assertEquals(30, first.requests());
        assertEquals(19.0 / 30, first.hitRate(), 1e-9);
        assertEquals(T0.plusMillis(4990), first.at(), "stamped with the interval's latest sample");
        assertEquals(3, pooled.get(1).items());
    }

    @Test
    void aNodesSecondSampleInOneIntervalReplacesItsFirst() {
        List<StatsSample> pooled = PoolHistory.of(
                List.of(sample("a", 0.1, 2, 1, 0), sample("a", 4.9, 7, 3, 0), sample("b", 2, 1, 1, 1)), 5);
        assertEquals(1, pooled.size());
        assertEquals(8, pooled.get(0).items());
        assertEquals(5, pooled.get(0).requests());
    }
}
