package imagecache.frontend.cacheclient;

import java.util.List;

/**
 * The memcache statistics now, the 5-second samples of the last 10 minutes, each node's figures
 * (one node without a pool) and the hit-rate curve. In a pool the figures now and in the history are
 * the pool's sums, and its rates come from those sums.
 */
public record MemcacheStats(Now stats, List<Sample> history, List<Node> nodes, Curve curve) {

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

    /**
     * LRU's estimated hit rate at 1/4, 1/2, 1, 2, 4 and 8 times the capacity, from {@code reads} reads
     * since the memcache started or was cleared, of which {@code sampledReads} were of sampled keys
     * (sampled at {@code samplingRate}, the lowest of the pool's nodes); no points when it is off.
     */
    public record Curve(double samplingRate, long reads, long sampledReads, List<CurvePoint> points) {

        public static final Curve NONE = new Curve(0, 0, 0, List.of());
    }

    /** One capacity in bytes and the hit rate LRU would have there, 0 to 1. */
    public record CurvePoint(long capacityBytes, double hitRate) {}
}
