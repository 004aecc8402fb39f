package imagecache.frontend.domain;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Sizes the pool for a target hit rate from its hit-rate curve, in one step: the curve says what hit
 * rate LRU would have at other capacities, a pool of m nodes where n serve now is the pool's capacity
 * times m / n, so the smallest m whose estimate reaches the target is the size to have. Growing
 * happens at once; shrinking only to the largest size recommended over a whole stabilization window,
 * so the pool does not flap. Where no size up to the largest reaches the target, the smallest size
 * within a point of the largest one's hit rate is enough: more nodes would not buy a better rate.
 */
public final class TargetScaling {

    /** A point of the pool's curve: a capacity as a multiple of the pool's now, and LRU's hit rate there. */
    public record CurvePoint(double timesCapacity, double hitRate) {}

    /** Fewer reads than this give a curve too rough to size a pool by. */
    static final long MIN_READS = 100;

    /** A hit rate this close to the best the largest pool gets is as good as it. */
    static final double CLOSE_ENOUGH = 0.01;

    private final double targetHit;
    private final int maxNodes;

    public TargetScaling(double targetHit, int maxNodes) {
        if (maxNodes < 1) {
            throw new IllegalArgumentException("A pool has at least one node: " + maxNodes);
        }
        this.targetHit = targetHit;
        this.maxNodes = maxNodes;
    }

    /**
     * The hit rate each pool size from 1 to the largest would have, where the curve reaches: between
     * two points linear in the logarithm of the capacity (the points double), and never lower for a
     * larger pool, since LRU's hit rate never falls with its capacity. Sizes outside the curve have none.
     *
     * @param nodes the nodes serving now, whose capacity is the curve's 1
     * @param curve the points, by increasing capacity
     */
    public SortedMap<Integer, Double> hitRateBySize(int nodes, List<CurvePoint> curve) {
        SortedMap<Integer, Double> bySize = new TreeMap<>();
        if (curve.isEmpty() || nodes < 1) {
            return bySize;
        }
        double best = 0;
        for (int size = 1; size <= maxNodes; size++) {
            double times = (double) size / nodes;
            Double rate = interpolate(curve, times);
            if (rate != null) {
                best = Math.max(best, rate);
                bySize.put(size, best);
            }
        }
        return bySize;
    }

    private static Double interpolate(List<CurvePoint> curve, double times) {
        // a size a rounding off a point is at that point
        double slack = 1e-9;
        for (int i = 0; i < curve.size(); i++) {
            CurvePoint point = curve.get(i);
            if (Math.abs(point.timesCapacity() - times) <= slack) {
                return point.hitRate();
            }
            if (i > 0 && times < point.timesCapacity()) {
                CurvePoint below = curve.get(i - 1);
                if (times < below.timesCapacity()) {
                    return null;
                }
                double share = Math.log(times / below.timesCapacity())
                        / Math.log(point.timesCapacity() / below.timesCapacity());
                return below.hitRate() + share * (point.hitRate() - below.hitRate());
            }
        }
        return null;
    }

    /** The size to have: the smallest that reaches the target, or the smallest as good as the largest. */
    public int recommend(SortedMap<Integer, Double> bySize) {
        for (Map.Entry<Integer, Double> size : bySize.entrySet()) {
            if (size.getValue() >= targetHit) {
                return size.getKey();
            }
        }
        double best = bySize.get(bySize.lastKey());
        for (Map.Entry<Integer, Double> size : bySize.entrySet()) {
            if (size.getValue() >= best - CLOSE_ENOUGH) {
                return size.getKey();
            }
        }
        return bySize.lastKey();
    }

    /**
     * @param nodes the pool's size now
     * @param reads the reads the curve comes from
     * @param bySize {@link #hitRateBySize} of the pool's curve
     * @param recent the sizes recommended lately; this decision's is added
     * @param now when this decision is made
     * @param coolingDown whether the last change was within the cool-down
     */
    public ScalingStep decide(
            int nodes,
            long reads,
            SortedMap<Integer, Double> bySize,
            StabilizationWindow recent,
            Instant now,
            boolean coolingDown) {
        if (bySize.isEmpty()) {
            return ScalingStep.stay(
                    nodes, "the pool's hit-rate curve is off (CACHE_CURVE_SAMPLING_RATE 0): nothing to go by");
        }
        if (reads < MIN_READS) {
            return ScalingStep.stay(nodes, reads + " reads in the last minute: too few to go by");
        }
        int wanted = recommend(bySize);
        recent.add(now, wanted);
        double reached = bySize.get(wanted);
        String why = reached >= targetHit
                ? String.format(
                        Locale.ROOT,
                        "%s hit rate %.3f, target %.2f",
                        wanted == 1 ? "1 node reaches" : wanted + " nodes reach",
                        reached,
                        targetHit)
                : String.format(
                        Locale.ROOT,
                        "target %.2f out of reach up to %d nodes; %d within a point of the most: %.3f",
                        targetHit,
                        bySize.lastKey(),
                        wanted,
                        reached);
        if (wanted == nodes) {
            return ScalingStep.stay(nodes, why);
        }
        if (wanted > nodes) {
            return coolingDown ? coolingDown(nodes, why) : new ScalingStep(nodes, wanted, why);
        }
        long seconds = recent.length().toSeconds();
        if (!recent.covers(now)) {
            return ScalingStep.stay(nodes, why + ", but not yet for a whole window of " + seconds + " s");
        }
        int highest = recent.highest();
        if (highest >= nodes) {
            return ScalingStep.stay(nodes, why + ", but " + highest + " were needed within the last " + seconds + " s");
        }
        if (coolingDown) {
            return coolingDown(nodes, why);
        }
        return new ScalingStep(nodes, highest, why + "; at most " + highest + " needed for the last " + seconds + " s");
    }

    private static ScalingStep coolingDown(int nodes, String why) {
        return ScalingStep.stay(nodes, why + ", but the last change is too recent (cool-down)");
    }
}
