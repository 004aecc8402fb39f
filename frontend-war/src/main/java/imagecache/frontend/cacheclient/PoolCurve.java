package imagecache.frontend.cacheclient;

import imagecache.memcache.protocol.Curve;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The pool's hit-rate curve from its nodes' curves: each node holds its own keys, so a pool k times
 * as large is every node k times as large, whose hit rate is each node's at k times its capacity,
 * weighed by the node's reads. Also the curve of the reads between two readings of the nodes' curves,
 * which the auto-scaler goes by: a node's curve counts every read since it started, and a load that
 * changed an hour ago should not be outweighed by the hours before.
 */
public final class PoolCurve {

    private PoolCurve() {}

    /** The pool's curve; {@link Curve#NONE} when no node has one. */
    public static Curve of(Collection<Curve> nodes) {
        List<Curve> curves =
                nodes.stream().filter(c -> c != null && !c.points().isEmpty()).toList();
        if (curves.isEmpty()) {
            return Curve.NONE;
        }
        int points = curves.stream().mapToInt(c -> c.points().size()).min().orElseThrow();
        long reads = curves.stream().mapToLong(Curve::reads).sum();
        long sampledReads = curves.stream().mapToLong(Curve::sampledReads).sum();
        double samplingRate =
                curves.stream().mapToDouble(Curve::samplingRate).min().orElseThrow();
        List<Curve.CurvePoint> pool = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            long capacity = 0;
            double hits = 0;
            for (Curve node : curves) {
                Curve.CurvePoint point = node.points().get(i);
                capacity += point.capacityBytes();
                hits += point.hitRate() * node.reads();
            }
            pool.add(new Curve.CurvePoint(capacity, reads == 0 ? 0.0 : hits / reads));
        }
        return new Curve(samplingRate, reads, sampledReads, List.copyOf(pool));
    }

    /**
     * The pool's curve of the reads since {@code earlier}, each node's curve by its name: a node's
     * hits at a capacity are its hit rate there times its reads, so the reads between two readings
     * hit as often as the difference says. A node that is new since, was cleared since (fewer reads)
     * or changed its capacity (other points) counts with its whole curve. Approximate where the
     * node's sample filled up in between, since the curve then reweighs its past reads.
     */
    public static Curve since(Map<String, Curve> earlier, Map<String, Curve> now) {
        List<Curve> between = new ArrayList<>(now.size());
        now.forEach((node, curve) -> between.add(between(earlier.get(node), curve)));
        return of(between);
    }

    private static Curve between(Curve earlier, Curve now) {
        if (now == null || earlier == null || earlier.reads() > now.reads() || !sameCapacities(earlier, now)) {
            return now;
        }
        long reads = now.reads() - earlier.reads();
        List<Curve.CurvePoint> points = new ArrayList<>(now.points().size());
        for (int i = 0; i < now.points().size(); i++) {
            Curve.CurvePoint then = earlier.points().get(i);
            Curve.CurvePoint point = now.points().get(i);
            double hits = point.hitRate() * now.reads() - then.hitRate() * earlier.reads();
            double rate = reads == 0 ? 0.0 : Math.max(0, Math.min(1, hits / reads));
            points.add(new Curve.CurvePoint(point.capacityBytes(), rate));
        }
        return new Curve(
                now.samplingRate(),
                reads,
                Math.max(0, now.sampledReads() - earlier.sampledReads()),
                List.copyOf(points));
    }

    private static boolean sameCapacities(Curve earlier, Curve now) {
        if (earlier.points().size() != now.points().size()) {
            return false;
        }
        for (int i = 0; i < now.points().size(); i++) {
            if (earlier.points().get(i).capacityBytes() != now.points().get(i).capacityBytes()) {
                return false;
            }
        }
        return true;
    }
}
