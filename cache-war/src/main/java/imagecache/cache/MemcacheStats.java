package imagecache.cache;

/**
 * An immutable snapshot of the memcache: what it holds and what it has served since it started.
 * The rates are fractions of all requests and are both 0 before the first request.
 */
public record MemcacheStats(
        int items,
        long bytes,
        long capacityBytes,
        ReplacementPolicy policy,
        long requests,
        long hits,
        long misses,
        long evictions) {

    public double hitRate() {
        return requests == 0 ? 0.0 : (double) hits / requests;
    }

    public double missRate() {
        return requests == 0 ? 0.0 : (double) misses / requests;
    }
}
