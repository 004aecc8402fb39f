package imagecache.frontend.cacheclient;

import imagecache.memcache.protocol.Curve;
import imagecache.memcache.protocol.History;
import imagecache.memcache.protocol.NodeFigures;
import imagecache.memcache.protocol.NodeStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The pool's statistics from its nodes': counts add up, rates come from the sums, the curve is
 * {@link PoolCurve#of} theirs, and each node's curve is kept by its name. The history: each
 * node samples every 5 s on its own clock, so samples are grouped by the 5-second interval they
 * fall in and summed per interval (a node's later sample in an interval replaces its earlier one).
 */
final class PoolStats {

    private PoolStats() {}

    /** The pool's statistics; at least one node must have answered. */
    static MemcacheStats of(List<MemcachePool.Answer<NodeStats>> answers, List<History.Sample> samples) {
        List<NodeStats> up = answers.stream()
                .map(MemcachePool.Answer::value)
                .flatMap(Optional::stream)
                .toList();
        List<MemcacheStats.Node> nodes = answers.stream()
                .map(a -> new MemcacheStats.Node(
                        a.node().id(),
                        a.node().url(),
                        a.value().isPresent() ? "up" : "down",
                        a.value().map(NodeStats::stats).orElse(null)))
                .toList();
        Map<String, Curve> curves = new LinkedHashMap<>();
        answers.forEach(a -> a.value()
                .ifPresent(stats -> curves.put(a.node().id(), stats.curve() == null ? Curve.NONE : stats.curve())));
        return new MemcacheStats(figures(up), history(samples), nodes, curve(up), curves);
    }

    static NodeFigures figures(List<NodeStats> up) {
        int items = 0;
        long bytes = 0;
        long capacity = 0;
        long requests = 0;
        long hits = 0;
        long misses = 0;
        long evictions = 0;
        for (NodeStats node : up) {
            NodeFigures now = node.stats();
            items += now.items();
            bytes += now.bytes();
            capacity += now.capacityBytes();
            requests += now.requests();
            hits += now.hits();
            misses += now.misses();
            evictions += now.evictions();
        }
        return new NodeFigures(
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
    }

    static Curve curve(List<NodeStats> up) {
        return PoolCurve.of(up.stream().map(NodeStats::curve).toList());
    }

    static List<MemcacheStats.Sample> history(List<History.Sample> samples) {
        Map<Long, Map<String, History.Sample>> byInterval = new TreeMap<>();
        for (History.Sample s : samples) {
            long interval = Math.floorDiv(Instant.parse(s.at()).getEpochSecond(), History.SAMPLE_SECONDS);
            byInterval.computeIfAbsent(interval, i -> new TreeMap<>()).put(s.node(), s);
        }
        List<MemcacheStats.Sample> pooled = new ArrayList<>(byInterval.size());
        for (Map<String, History.Sample> nodes : byInterval.values()) {
            Instant at = Instant.MIN;
            int items = 0;
            long bytes = 0;
            long requests = 0;
            long hits = 0;
            long misses = 0;
            for (History.Sample s : nodes.values()) {
                Instant sampled = Instant.parse(s.at());
                at = sampled.isAfter(at) ? sampled : at;
                items += s.items();
                bytes += s.bytes();
                requests += s.requests();
                hits += s.hits();
                misses += s.misses();
            }
            pooled.add(new MemcacheStats.Sample(
                    at.toString(), items, bytes, requests, hits, misses, rate(hits, requests), rate(misses, requests)));
        }
        return pooled;
    }

    private static double rate(long part, long requests) {
        return requests == 0 ? 0.0 : (double) part / requests;
    }
}
