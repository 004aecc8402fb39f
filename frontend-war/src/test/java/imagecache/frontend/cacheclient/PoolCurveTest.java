package imagecache.frontend.cacheclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import imagecache.memcache.protocol.Curve;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolCurveTest {

    private static final long MB = 1024 * 1024;

    /** A node of 4 MB whose curve has these hit rates at 1, 2, 4, 8, 16 and 32 MB after {@code reads} reads. */
    private static Curve node(long reads, double... rates) {
        List<Curve.CurvePoint> points = new ArrayList<>();
        for (int i = 0; i < rates.length; i++) {
            points.add(new Curve.CurvePoint((MB << i), rates[i]));
        }
        return new Curve(1.0, reads, reads, points);
    }

    private static List<Double> rates(Curve curve) {
        return curve.points().stream().map(Curve.CurvePoint::hitRate).toList();
    }

    @Test
    void aPoolsCurveIsItsNodesAtTheSummedCapacitiesWeighedByTheirReads() {
        Curve pool =
                PoolCurve.of(List.of(node(100, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6), node(300, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)));
        assertEquals(400, pool.reads());
        assertEquals(2 * MB, pool.points().get(0).capacityBytes());
        assertEquals(0.4, rates(pool).get(0), 1e-9);
        assertEquals(0.9, rates(pool).get(5), 1e-9);
        assertEquals(Curve.NONE, PoolCurve.of(List.of(Curve.NONE)));
    }

    @Test
    void theCurveOfTheReadsBetweenTwoReadingsForgetsTheLoadBefore() {
        // 1,000 reads of a large working set (hits only at the largest sizes), then 1,000 of a hot set
        Curve before = node(1000, 0.0, 0.0, 0.0, 0.1, 0.5, 0.9);
        Curve after = node(2000, 0.45, 0.45, 0.45, 0.5, 0.7, 0.9);
        Curve since = PoolCurve.since(Map.of("a", before), Map.of("a", after));
        assertEquals(1000, since.reads());
        List<Double> rates = rates(since);
        assertEquals(
                List.of(0.9, 0.9, 0.9, 0.9, 0.9, 0.9),
                rates.stream().map(r -> Math.round(r * 1e9) / 1e9).toList());
    }

    @Test
    void aNodeThatIsNewWasClearedOrResizedSinceCountsWithItsWholeCurve() {
        Curve now = node(500, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7);
        Curve cleared = PoolCurve.since(Map.of("a", node(900, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9)), Map.of("a", now));
        assertEquals(rates(now), rates(cleared));
        Curve added = PoolCurve.since(Map.of(), Map.of("b", now));
        assertEquals(rates(now), rates(added));
        Curve otherCapacity = new Curve(
                1.0,
                100,
                100,
                now.points().stream()
                        .map(p -> new Curve.CurvePoint(p.capacityBytes() * 2, 0.9))
                        .toList());
        assertEquals(rates(now), rates(PoolCurve.since(Map.of("a", otherCapacity), Map.of("a", now))));
    }
}
