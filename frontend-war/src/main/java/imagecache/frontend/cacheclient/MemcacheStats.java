package imagecache.frontend.cacheclient;

import java.util.List;

/**
 * The memcache statistics now, the 5-second samples of the last 10 minutes, and each node's figures
 * (one node without a pool). In a pool the figures now and in the history are the pool's sums, and
 * its rates come from those sums.
 */
public record MemcacheStats(Now stats, List<Sample> history, List<Node> nodes) {

    /** Counters since the cache started, and what it holds. */
    public record Now(
            int items,
            long bytes,
            long capacityBytes,
            String policy,
            long requests,
            long hits,
            long misses,
            double hitRate,
            double missRate,
            long evictions) {}

    /** One sample: state at {@code at} (ISO-8601, UTC) and the traffic of the 5 s before it. */
    public record Sample(
            String at, int items, long bytes, long requests, long hits, long misses, double hitRate, double missRate) {}

    /** One node: where it is, whether it answered ({@code up} or {@code down}), and its figures if it did. */
    public record Node(String node, String url, String state, Now stats) {}
}
