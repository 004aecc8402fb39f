package imagecache.frontend.domain;

/** What a scaling rule decided: from how many cache nodes to how many, and why. */
public record ScalingStep(int from, int to, String reason) {

    /** Staying at {@code nodes}, for {@code reason}. */
    public static ScalingStep stay(int nodes, String reason) {
        return new ScalingStep(nodes, nodes, reason);
    }

    public boolean changes() {
        return from != to;
    }
}
