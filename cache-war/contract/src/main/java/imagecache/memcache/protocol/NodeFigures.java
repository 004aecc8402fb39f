package imagecache.memcache.protocol;

/** One memcache's counters since it started, and what it holds now; rates are 0 before any request. */
public record NodeFigures(
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
