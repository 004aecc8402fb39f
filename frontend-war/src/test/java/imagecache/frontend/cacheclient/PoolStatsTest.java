package imagecache.frontend.cacheclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PoolStatsTest {

    private static final long MB = 1024 * 1024;

    @Test
    void thePoolsCurveAddsTheCapacitiesAndWeighsEachNodesHitRateByItsReads() {
        MemcacheStats.Curve busy = curve(0.5, 300, 1 * MB, 0.2, 0.6);
        MemcacheStats.Curve quiet = curve(1.0, 100, 3 * MB, 0.6, 1.0);
        MemcacheStats.Curve pool = PoolStats.curve(List.of(node(busy), node(quiet)));
        assertEquals(0.5, pool.samplingRate(), "the lowest rate: how far to trust the pool's curve");
        assertEquals(400, pool.reads());
        assertEquals(
                List.of(4 * MB, 8 * MB),
                pool.points().stream()
                        .map(MemcacheStats.CurvePoint::capacityBytes)
                        .toList());
        // (300 x 0.2 + 100 x 0.6) / 400 and (300 x 0.6 + 100 x 1.0) / 400
        assertEquals(0.3, pool.points().get(0).hitRate(), 1e-9);
        assertEquals(0.7, pool.points().get(1).hitRate(), 1e-9);
    }

    @Test
    void nodesWithoutACurveOrReadsAddNoHits() {
        MemcacheStats.Curve idle = curve(1.0, 0, 2 * MB, 0, 0);
        assertEquals(MemcacheStats.Curve.NONE, PoolStats.curve(List.of(node(null), node(MemcacheStats.Curve.NONE))));
        MemcacheStats.Curve pool = PoolStats.curve(List.of(node(idle), node(null)));
        assertEquals(
                List.of(0.0, 0.0),
                pool.points().stream().map(MemcacheStats.CurvePoint::hitRate).toList());
    }

    /** A node's curve of two points, at its capacity and twice that. */
    private static MemcacheStats.Curve curve(double rate, long reads, long capacity, double atOne, double atTwo) {
        return new MemcacheStats.Curve(
                rate,
                reads,
                Math.round(reads * rate),
                List.of(
                        new MemcacheStats.CurvePoint(capacity, atOne),
                        new MemcacheStats.CurvePoint(2 * capacity, atTwo)));
    }

    private static MemcacheClient.NodeStatsBody node(MemcacheStats.Curve curve) {
        return new MemcacheClient.NodeStatsBody("n", null, List.of(), curve);
    }
}
