package imagecache.frontend.cacheclient;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sums the nodes' statistics into the pool's: counts add up, rates come from the sums. The curve too:
 * each node holds its own keys, so a pool k times as large is every node k times as large, whose hit
 * rate is each node's at k times its capacity, weighed by the node's reads.
 */
final class PoolStats {

    private PoolStats() {}

    /** A node and what it answered (null: it did not). */
    record NodeAnswer(MemcacheNode node, MemcacheClient.NodeStatsBody answer) {}

    static MemcacheStats of(List<NodeAnswer> answers) {
        List<MemcacheClient.NodeStatsBody> up = answers.stream()
                .map(NodeAnswer::answer)
                .filter(Objects::nonNull)
                .toList();
        if (up.isEmpty()) {
            throw new ImageCacheException(Reason.CACHE_UNAVAILABLE, "No memcache node answered");
        }
        int items = 0;
        long bytes = 0;
        long capacity = 0;
        long requests = 0;
        long hits = 0;
        long misses = 0;
        long evictions = 0;
        for (MemcacheClient.NodeStatsBody answer : up) {
            MemcacheStats.Now now = answer.stats();
            items += now.items();
            bytes += now.bytes();
            capacity += now.capacityBytes();
            requests += now.requests();
            hits += now.hits();
            misses += now.misses();
            evictions += now.evictions();
        }
        MemcacheStats.Now pool = new MemcacheStats.Now(
                items,
                bytes,
                capacity,
                up.get(0).stats().policy(),
                requests,
                hits,
                misses,
                rate(hits, requests),
                rate(misses, requests),
                evictions);
        List<MemcacheStats.Node> nodes = answers.stream()
                .map(a -> a.answer() == null
                        ? new MemcacheStats.Node(a.node().id(), a.node().url(), "down", null)
                        : new MemcacheStats.Node(
                                a.node().id(), a.node().url(), "up", a.answer().stats()))
                .toList();
        // every node reads the history from the shared database, summed over the pool
        return new MemcacheStats(pool, up.get(0).history(), nodes, curve(up));
    }

    static MemcacheStats.Curve curve(List<MemcacheClient.NodeStatsBody> up) {
        List<MemcacheStats.Curve> curves = up.stream()
                .map(MemcacheClient.NodeStatsBody::curve)
                .filter(c -> c != null && !c.points().isEmpty())
                .toList();
        if (curves.isEmpty()) {
            return MemcacheStats.Curve.NONE;
        }
        int points = curves.stream().mapToInt(c -> c.points().size()).min().orElseThrow();
        long reads = curves.stream().mapToLong(MemcacheStats.Curve::reads).sum();
        long sampledReads =
                curves.stream().mapToLong(MemcacheStats.Curve::sampledReads).sum();
        double samplingRate = curves.stream()
                .mapToDouble(MemcacheStats.Curve::samplingRate)
                .min()
                .orElseThrow();
        List<MemcacheStats.CurvePoint> pool = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            long capacity = 0;
            double hits = 0;
            for (MemcacheStats.Curve node : curves) {
                MemcacheStats.CurvePoint point = node.points().get(i);
                capacity += point.capacityBytes();
                hits += point.hitRate() * node.reads();
            }
            pool.add(new MemcacheStats.CurvePoint(capacity, reads == 0 ? 0.0 : hits / reads));
        }
        return new MemcacheStats.Curve(samplingRate, reads, sampledReads, List.copyOf(pool));
    }

    private static double rate(long part, long requests) {
        return requests == 0 ? 0.0 : (double) part / requests;
    }
}
