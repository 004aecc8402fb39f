package imagecache.frontend.cacheclient;

import imagecache.memcache.protocol.Curve;
import imagecache.memcache.protocol.History;
import imagecache.memcache.protocol.NodeFigures;
import imagecache.memcache.protocol.NodeStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pool's statistics from its nodes': counts add up, rates come from the sums, the curve is
 * {@link PoolCurve#of} theirs, and each node's curve is kept by its name. The history: each
 * node samples every 5 s on its own clock, so samples are grouped by the 5-second interval they
 * fall in and summed per interval (a node's later sample in an interval replaces its earlier one).
 */
final class PoolStats {

    private static final long SECONDS_PER_MINUTE = 60;

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

    /**
     * The pool per minute: a node's traffic in a minute is the sum of its samples there, what it held
     * is its last sample's, and the pool's is the sum over the nodes that sampled in that minute. The
     * minute's node count is the most nodes that sampled in one 5-second interval of it (a node that
     * runs samples every 5 s): a node that came or went in the minute counts once, and so does one
     * whose name changed in it (a node samples as {@code local} until it has joined the grid, and
     * under a new member id after a split healed).
     */
    static List<MemcacheStats.Minute> perMinute(List<History.Sample> samples) {
        Map<Long, Map<String, MinuteOfNode>> byMinute = new TreeMap<>();
        Map<Long, Map<Long, Set<String>>> nodesByInterval = new HashMap<>();
        for (History.Sample s : samples) {
            Instant at = Instant.parse(s.at());
            long minute = Math.floorDiv(at.getEpochSecond(), SECONDS_PER_MINUTE);
            byMinute.computeIfAbsent(minute, m -> new TreeMap<>())
                    .computeIfAbsent(s.node(), n -> new MinuteOfNode())
                    .add(at, s);
            nodesByInterval
                    .computeIfAbsent(minute, m -> new HashMap<>())
                    .computeIfAbsent(Math.floorDiv(at.getEpochSecond(), History.SAMPLE_SECONDS), i -> new HashSet<>())
                    .add(s.node());
        }
        List<MemcacheStats.Minute> pooled = new ArrayList<>(byMinute.size());
        byMinute.forEach((minute, nodes) -> {
            int nodeCount = nodesByInterval.get(minute).values().stream()
                    .mapToInt(Set::size)
                    .max()
                    .orElse(0);
            int items = 0;
            long bytes = 0;
            long requests = 0;
            long hits = 0;
            long misses = 0;
            for (MinuteOfNode node : nodes.values()) {
                items += node.last.items();
                bytes += node.last.bytes();
                requests += node.requests;
                hits += node.hits;
                misses += node.misses;
            }
            pooled.add(new MemcacheStats.Minute(
                    Instant.ofEpochSecond(minute * SECONDS_PER_MINUTE).toString(),
                    nodeCount,
                    items,
                    bytes,
                    requests,
                    hits,
                    misses,
                    rate(hits, requests),
                    rate(misses, requests)));
        });
        return pooled;
    }

    /** One node's samples within one minute, added up as they come (in any order). */
    private static final class MinuteOfNode {
        private Instant lastAt = Instant.MIN;
        private History.Sample last;
        private long requests;
        private long hits;
        private long misses;

        void add(Instant at, History.Sample sample) {
            if (!at.isBefore(lastAt)) {
                lastAt = at;
                last = sample;
            }
            requests += sample.requests();
            hits += sample.hits();
            misses += sample.misses();
        }
    }

    private static double rate(long part, long requests) {
        return requests == 0 ? 0.0 : (double) part / requests;
    }
}
