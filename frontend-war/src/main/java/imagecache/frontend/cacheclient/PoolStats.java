package imagecache.frontend.cacheclient;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import java.util.List;
import java.util.Objects;

/** Sums the nodes' statistics into the pool's: counts add up, rates come from the sums. */
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
        return new MemcacheStats(pool, up.get(0).history(), nodes);
    }

    private static double rate(long part, long requests) {
        return requests == 0 ? 0.0 : (double) part / requests;
    }
}
