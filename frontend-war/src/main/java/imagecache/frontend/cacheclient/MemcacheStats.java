package imagecache.frontend.cacheclient;

import imagecache.memcache.protocol.Curve;
import imagecache.memcache.protocol.NodeFigures;
import java.util.List;
import java.util.Map;

/**
 * The memcache's statistics as the pages and the API show them: the figures now, the 5-second
 * samples of the last 10 minutes, each node's figures (one node without a pool) and the hit-rate
 * curve, and each node's curve by its name (of those that answered). In a pool the figures, the
 * history and the curve are the pool's, summed by {@link PoolStats}.
 */
public record MemcacheStats(
        NodeFigures stats, List<Sample> history, List<Node> nodes, Curve curve, Map<String, Curve> nodeCurves) {

    /** Whether these are a pool's figures: more than one node, or a node of a pool. */
    public boolean isPool() {
        return nodes.size() > 1 || nodes.stream().anyMatch(node -> !node.node().equals(MemcacheNodes.LOCAL));
    }

    /** One sample: state at {@code at} (ISO-8601, UTC) and the traffic of the 5 s before it. */
    public record Sample(
            String at, int items, long bytes, long requests, long hits, long misses, double hitRate, double missRate) {}

    /**
     * The pool in one minute (starting {@code at}, ISO-8601 UTC): how many cache nodes sampled in it,
     * what they held at their last sample in it, and their traffic over it. The current minute counts
     * what it has so far.
     */
    public record Minute(
            String at,
            int nodes,
            int items,
            long bytes,
            long requests,
            long hits,
            long misses,
            double hitRate,
            double missRate) {}

    /** One node: where it is, whether it answered ({@code up} or {@code down}), and its figures if it did. */
    public record Node(String node, String url, String state, NodeFigures stats) {}
}
