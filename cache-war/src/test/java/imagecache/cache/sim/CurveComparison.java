package imagecache.cache.sim;

import imagecache.cache.HitRateCurve;
import imagecache.cache.ReplacementPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The memcache's live hit-rate curve ({@link HitRateCurve}) against the exact one: the same reads
 * replayed through the memcache's LRU at each capacity of the curve.
 */
final class CurveComparison {

    /** The base capacity of a comparison, in % of the bytes of the distinct keys read. */
    static final double BASE_PERCENT = 5;

    /** One capacity of the curve: the estimate and the hit ratio LRU really has there. */
    record Row(long capacityBytes, double estimated, double exact) {

        /** How far off the estimate is, in points of hit ratio. */
        double points() {
            return 100 * (estimated - exact);
        }
    }

    /** A comparison: the rate the curve sampled at in the end, and its rows. */
    record Comparison(double samplingRate, List<Row> rows) {

        /** The largest error, in points, either way. */
        double worstPoints() {
            return rows.stream()
                    .mapToDouble(row -> Math.abs(row.points()))
                    .max()
                    .orElse(0);
        }
    }

    private CurveComparison() {}

    /** The curve around {@link #BASE_PERCENT} % of the trace's distinct bytes. */
    static Comparison compare(Trace trace, double maxSamplingRate, int maxSampledKeys) {
        return compare(
                trace,
                maxSamplingRate,
                maxSampledKeys,
                Math.max(1, Math.round(BASE_PERCENT / 100 * trace.distinctBytes())));
    }

    /**
     * Feeds every read to a curve sampling at most {@code maxSamplingRate} and {@code maxSampledKeys},
     * with the size of its key (what a hit reports, and what the fill after a miss stores), then
     * compares it, corrected by its count of all reads, at 1/4 to 8 times {@code baseCapacity}.
     */
    static Comparison compare(Trace trace, double maxSamplingRate, int maxSampledKeys, long baseCapacity) {
        HitRateCurve curve = new HitRateCurve(maxSamplingRate, maxSampledKeys, 0);
        for (int i = 0; i < trace.length(); i++) {
            int key = trace.read(i);
            curve.record(trace.keyName(key), trace.size(key));
        }
        MemcacheReplay replay = new MemcacheReplay(trace);
        List<Row> rows = new ArrayList<>();
        for (HitRateCurve.Point point : curve.curve(baseCapacity)) {
            double exact =
                    replay.run(ReplacementPolicy.LRU, point.capacityBytes()).hitRatio();
            rows.add(new Row(point.capacityBytes(), point.hitRate(), exact));
        }
        return new Comparison(curve.samplingRate(), List.copyOf(rows));
    }

    /**
     * The same reads under other key names, {@code prefix} before each: another sample of the same
     * traffic, since which keys are sampled depends only on their names.
     */
    static Trace renamed(Trace trace, String prefix) {
        String[] names = new String[trace.keys()];
        int[] sizes = new int[trace.keys()];
        for (int key = 0; key < names.length; key++) {
            names[key] = prefix + trace.keyName(key);
            sizes[key] = trace.size(key);
        }
        int[] reads = new int[trace.length()];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = trace.read(i);
        }
        return new Trace(trace.name(), trace.description(), names, sizes, reads);
    }
}
