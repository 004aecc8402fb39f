package imagecache.frontend.cacheclient;

import java.util.List;

/** The memcache statistics now and the 5-second samples of the last 10 minutes. */
public record MemcacheStats(Now stats, List<Sample> history) {

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
}
