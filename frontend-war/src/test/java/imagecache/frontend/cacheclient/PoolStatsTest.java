package imagecache.frontend.cacheclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import imagecache.memcache.protocol.Curve;
import imagecache.memcache.protocol.History;
import imagecache.memcache.protocol.NodeFigures;
import imagecache.memcache.protocol.NodeStats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolStatsTest {

    private static final long MB = 1024 * 1024;
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void thePoolsFiguresAreTheSumsOfTheNodesThatAnsweredAndItsRatesComeFromTheSums() {
        MemcacheNode a = new MemcacheNode("a", "http://a/cache");
        MemcacheNode b = new MemcacheNode("b", "http://b/cache");
        MemcacheNode c = new MemcacheNode("c", "http://c/cache");
        List<MemcachePool.Answer<NodeStats>> answers = List.of(
                new MemcachePool.Answer<>(a, Optional.of(node(figures(3, 10, 9, 1), null)), Optional.empty()),
                new MemcachePool.Answer<>(b, Optional.empty(), Optional.empty()),
                new MemcachePool.Answer<>(c, Optional.of(node(figures(1, 30, 1, 29), null)), Optional.empty()));
        MemcacheStats pool = PoolStats.of(answers, List.of());
        assertEquals(4, pool.stats().items());
        assertEquals(40, pool.stats().requests());
        assertEquals(10.0 / 40, pool.stats().hitRate(), 1e-9);
        assertEquals(30.0 / 40, pool.stats().missRate(), 1e-9);
        assertEquals(2 * MB, pool.stats().capacityBytes());
        assertEquals(
                List.of("up", "down", "up"),
                pool.nodes().stream().map(MemcacheStats.Node::state).toList());
        assertEquals(null, pool.nodes().get(1).stats(), "a node that did not answer has no figures");
    }

    @Test
    void thePoolsCurveAddsTheCapacitiesAndWeighsEachNodesHitRateByItsReads() {
        Curve busy = curve(0.5, 300, 1 * MB, 0.2, 0.6);
        Curve quiet = curve(1.0, 100, 3 * MB, 0.6, 1.0);
        Curve pool = PoolStats.curve(List.of(node(busy), node(quiet)));
        assertEquals(0.5, pool.samplingRate(), "the lowest rate: how far to trust the pool's curve");
        assertEquals(400, pool.reads());
        assertEquals(
                List.of(4 * MB, 8 * MB),
                pool.points().stream().map(Curve.CurvePoint::capacityBytes).toList());
        // (300 x 0.2 + 100 x 0.6) / 400 and (300 x 0.6 + 100 x 1.0) / 400
        assertEquals(0.3, pool.points().get(0).hitRate(), 1e-9);
        assertEquals(0.7, pool.points().get(1).hitRate(), 1e-9);
    }

    @Test
    void nodesWithoutACurveOrReadsAddNoHits() {
        Curve idle = curve(1.0, 0, 2 * MB, 0, 0);
        assertEquals(Curve.NONE, PoolStats.curve(List.of(node(null), node(Curve.NONE))));
        Curve pool = PoolStats.curve(List.of(node(idle), node(null)));
        assertEquals(
                List.of(0.0, 0.0),
                pool.points().stream().map(Curve.CurvePoint::hitRate).toList());
    }

    @Test
    void oneNodesHistoryComesOutAsItWentIn() {
        List<MemcacheStats.Sample> pooled =
                PoolStats.history(List.of(sample("local", 1.2, 3, 5, 1), sample("local", 6.2, 4, 7, 0)));
        assertEquals(2, pooled.size());
        assertEquals(T0.plusMillis(1200).toString(), pooled.get(0).at());
        assertEquals(3, pooled.get(0).items());
        assertEquals(6, pooled.get(0).requests());
        assertEquals(5.0 / 6, pooled.get(0).hitRate(), 1e-9);
        assertEquals(7, pooled.get(1).hits());
        assertEquals(0.0, pooled.get(1).missRate());
    }

    @Test
    void samplesOfSeveralNodesInOneIntervalAreSummedAndRatesComeFromTheSums() {
        List<MemcacheStats.Sample> pooled = PoolStats.history(List.of(
                sample("a", 0.5, 2, 9, 1),
                sample("b", 3.9, 5, 0, 10),
                sample("c", 4.99, 1, 10, 0),
                sample("a", 5.4, 3, 1, 1)));
        assertEquals(2, pooled.size());
        MemcacheStats.Sample first = pooled.get(0);
        assertEquals(8, first.items());
        assertEquals(800, first.bytes());
        assertEquals(30, first.requests());
        assertEquals(19.0 / 30, first.hitRate(), 1e-9);
        assertEquals(T0.plusMillis(4990).toString(), first.at(), "stamped with the interval's latest sample");
        assertEquals(3, pooled.get(1).items());
    }

    @Test
    void aNodesSecondSampleInOneIntervalReplacesItsFirst() {
        List<MemcacheStats.Sample> pooled = PoolStats.history(
                List.of(sample("a", 0.1, 2, 1, 0), sample("a", 4.9, 7, 3, 0), sample("b", 2, 1, 1, 1)));
        assertEquals(1, pooled.size());
        assertEquals(8, pooled.get(0).items());
        assertEquals(5, pooled.get(0).requests());
    }

    @Test
    void perMinuteANodesTrafficAddsUpOverTheMinuteAndWhatItHeldIsItsLastSample() {
        List<MemcacheStats.Minute> minutes = PoolStats.perMinute(List.of(
                sample("a", 5, 2, 3, 1), sample("a", 55, 4, 5, 5), sample("a", 30, 3, 1, 0), sample("a", 65, 6, 2, 2)));
        assertEquals(2, minutes.size());
        MemcacheStats.Minute first = minutes.get(0);
        assertEquals(T0.toString(), first.at(), "stamped with the minute's start");
        assertEquals(1, first.nodes());
        assertEquals(4, first.items(), "the latest sample's, whatever the order they came in");
        assertEquals(400, first.bytes());
        assertEquals(15, first.requests());
        assertEquals(9, first.hits());
        assertEquals(6.0 / 15, first.missRate(), 1e-9);
        assertEquals(T0.plusSeconds(60).toString(), minutes.get(1).at());
        assertEquals(6, minutes.get(1).items());
    }

    @Test
    void perMinuteThePoolIsTheSumOfTheNodesThatSampledInTheMinute() {
        List<MemcacheStats.Minute> minutes = PoolStats.perMinute(List.of(
                sample("a", 10, 2, 9, 1),
                sample("a", 62, 3, 4, 0),
                sample("b", 63, 5, 0, 6),
                sample("a", 67, 3, 0, 0),
                sample("b", 68, 7, 0, 0),
                sample("a", 125, 1, 0, 0)));
        assertEquals(
                List.of(1, 2, 1),
                minutes.stream().map(MemcacheStats.Minute::nodes).toList());
        MemcacheStats.Minute both = minutes.get(1);
        assertEquals(3 + 7, both.items());
        assertEquals(10, both.requests());
        assertEquals(0.4, both.hitRate(), 1e-9);
        assertEquals(0.0, minutes.get(2).hitRate(), "no reads: no division by zero");
    }

    @Test
    void perMinuteANodeThatCameWentOrChangedItsNameInTheMinuteCountsOnce() {
        List<MemcacheStats.Minute> minutes = PoolStats.perMinute(List.of(
                sample("local", 1, 0, 0, 0),
                sample("a", 6, 0, 0, 0),
                sample("a", 11, 0, 0, 0),
                sample("b", 12, 0, 0, 0),
                sample("a", 16, 0, 0, 0),
                sample("b", 17, 0, 0, 0),
                sample("a", 21, 0, 0, 0)));
        assertEquals(1, minutes.size());
        assertEquals(2, minutes.get(0).nodes(), "local became a, then b came and went: two at most at once");
    }

    @Test
    void perMinuteOfNoSamplesIsEmpty() {
        assertEquals(List.of(), PoolStats.perMinute(List.of()));
    }

    private static History.Sample sample(String node, double secondsAfterT0, int items, long hits, long misses) {
        Instant at = T0.plusMillis((long) (secondsAfterT0 * 1000));
        return new History.Sample(node, at.toString(), items, items * 100L, hits + misses, hits, misses);
    }

    private static NodeFigures figures(int items, long requests, long hits, long misses) {
        return new NodeFigures(
                items,
                items * 100L,
                MB,
                "LRU",
                requests,
                hits,
                misses,
                (double) hits / requests,
                (double) misses / requests,
                0);
    }

    /** A node's curve of two points, at its capacity and twice that. */
    private static Curve curve(double rate, long reads, long capacity, double atOne, double atTwo) {
        return new Curve(
                rate,
                reads,
                Math.round(reads * rate),
                List.of(new Curve.CurvePoint(capacity, atOne), new Curve.CurvePoint(2 * capacity, atTwo)));
    }

    private static NodeStats node(Curve curve) {
        return node(null, curve);
    }

    private static NodeStats node(NodeFigures figures, Curve curve) {
        return new NodeStats("n", figures, curve);
    }
}
