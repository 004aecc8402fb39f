package imagecache.frontend.domain;

import java.util.Locale;

/**
 * The course's auto-scaling rule: when the pool's miss rate over the last minute is above {@code
 * maxMiss}, the pool grows by {@code expRatio}; below {@code minMiss}, it shrinks by {@code
 * shrinkRatio}; always within 1 to the largest size, and never again within a cool-down after a change.
 * Plain arithmetic on what it is given, so that every decision, including one to change nothing, comes
 * with its reason.
 */
public final class ThresholdScaling {

    private final ScalingSettings settings;
    private final int maxNodes;

    public ThresholdScaling(ScalingSettings settings, int maxNodes) {
        if (maxNodes < 1) {
            throw new IllegalArgumentException("A pool has at least one node: " + maxNodes);
        }
        this.settings = settings;
        this.maxNodes = maxNodes;
    }

    /**
     * @param nodes the pool's size now
     * @param requests the reads of the last minute
     * @param missRate their miss rate
     * @param coolingDown whether the last change was within the cool-down
     */
    public ScalingStep decide(int nodes, long requests, double missRate, boolean coolingDown) {
        if (requests == 0) {
            return new ScalingStep(nodes, nodes, "no reads in the last minute: nothing to go by");
        }
        String rate = String.format(Locale.ROOT, "miss rate %.3f", missRate);
        if (missRate > settings.maxMiss()) {
            int wanted = Math.min(maxNodes, (int) Math.ceil(nodes * settings.expRatio()));
            return change(nodes, wanted, coolingDown, rate + " above maxMiss " + settings.maxMiss(), maxNodes);
        }
        if (missRate < settings.minMiss()) {
            int wanted = Math.max(1, (int) Math.floor(nodes * settings.shrinkRatio()));
            return change(nodes, wanted, coolingDown, rate + " below minMiss " + settings.minMiss(), 1);
        }
        return new ScalingStep(nodes, nodes, rate + " within " + settings.minMiss() + ".." + settings.maxMiss());
    }

    private static ScalingStep change(int nodes, int wanted, boolean coolingDown, String why, int bound) {
        if (wanted == nodes) {
            return new ScalingStep(nodes, nodes, why + ", but the pool is at its bound of " + bound);
        }
        if (coolingDown) {
            return new ScalingStep(nodes, nodes, why + ", but the last change is too recent (cool-down)");
        }
        return new ScalingStep(nodes, wanted, why);
    }
}
