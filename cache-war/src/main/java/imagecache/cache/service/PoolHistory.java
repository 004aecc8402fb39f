package imagecache.cache.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pool's statistics history from its nodes' samples: each node samples every 5 s on its own
 * clock, so samples are grouped by the 5-second interval they fall in and summed per interval (a
 * node's later sample in the same interval replaces its earlier one). One node's history comes out
 * as it went in.
 */
final class PoolHistory {

    private PoolHistory() {}

    /** A node's sample, as stored. */
    record NodeSample(String node, StatsSample sample) {}

    static List<StatsSample> of(List<NodeSample> samples, long intervalSeconds) {
        Map<Long, Map<String, StatsSample>> byInterval = new TreeMap<>();
        for (NodeSample s : samples) {
            long interval = Math.floorDiv(s.sample().at().getEpochSecond(), intervalSeconds);
            byInterval.computeIfAbsent(interval, i -> new TreeMap<>()).put(s.node(), s.sample());
        }
        List<StatsSample> pooled = new ArrayList<>(byInterval.size());
        for (Map<String, StatsSample> nodes : byInterval.values()) {
            Instant at = Instant.MIN;
            int items = 0;
            long bytes = 0;
            long requests = 0;
            long hits = 0;
            long misses = 0;
            for (StatsSample s : nodes.values()) {
                at = s.at().isAfter(at) ? s.at() : at;
                items += s.items();
                bytes += s.bytes();
                requests += s.requests();
                hits += s.hits();
                misses += s.misses();
            }
            pooled.add(new StatsSample(at, items, bytes, requests, hits, misses));
        }
        return pooled;
    }
}
