package imagecache.frontend.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One decision of the auto-scaler, also one to change nothing: when, by which rule, from how many
 * cache nodes to how many, what it went by (the reads of the last minute and their miss rate, and in
 * target mode the hit rate the curve gives each pool size), and why.
 */
public record ScalingDecision(
        Instant at,
        ScalingRule rule,
        int from,
        int to,
        long requests,
        double missRate,
        SortedMap<Integer, Double> hitRateBySize,
        String reason) {

    public ScalingDecision {
        hitRateBySize = Collections.unmodifiableSortedMap(new TreeMap<>(hitRateBySize));
    }
}
