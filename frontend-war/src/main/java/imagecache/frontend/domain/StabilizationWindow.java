package imagecache.frontend.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The pool sizes recommended over the last {@code length}, so that a pool shrinks only to the largest
 * size recommended for a whole window, as a Kubernetes autoscaler does before scaling down: a moment
 * of light load does not give back nodes that the next minute needs. Not thread-safe.
 */
public final class StabilizationWindow {

    private record Recommendation(Instant at, int nodes) {}

    private final Duration length;
    private final Deque<Recommendation> recent = new ArrayDeque<>();
    /** Since when recommendations came without a break; null before the first. */
    private Instant since;

    public StabilizationWindow(Duration length) {
        if (length.isNegative()) {
            throw new IllegalArgumentException("A window is not negative: " + length);
        }
        this.length = length;
    }

    public Duration length() {
        return length;
    }

    /** Adds the size recommended at {@code at}, and forgets those older than the window. */
    public void add(Instant at, int nodes) {
        recent.addLast(new Recommendation(at, nodes));
        if (since == null) {
            since = at;
        }
        while (recent.getFirst().at().isBefore(at.minus(length))) {
            recent.removeFirst();
        }
    }

    /** Whether the recommendations go back a whole window from {@code now}. */
    public boolean covers(Instant now) {
        return since != null && !since.isAfter(now.minus(length));
    }

    /** The largest size recommended within the window; 0 before the first. */
    public int highest() {
        return recent.stream().mapToInt(Recommendation::nodes).max().orElse(0);
    }

    /** Forgets every recommendation: what comes next starts a new window. */
    public void clear() {
        recent.clear();
        since = null;
    }
}
