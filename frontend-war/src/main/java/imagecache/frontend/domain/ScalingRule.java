package imagecache.frontend.domain;

import java.util.Locale;

/**
 * How the auto-scaler picks the pool's size: from the miss rate against two thresholds ({@code
 * threshold}, the course's rule, {@link ThresholdScaling}) or from the pool's hit-rate curve, the
 * smallest pool that reaches a target hit rate ({@code target}, {@link TargetScaling}).
 */
public enum ScalingRule {
    THRESHOLD,
    TARGET;

    /** The rule as {@code configure_cache} names it, in any case. */
    public static ScalingRule parse(String typed) {
        String name = typed.strip().toUpperCase(Locale.ROOT);
        for (ScalingRule rule : values()) {
            if (rule.name().equals(name)) {
                return rule;
            }
        }
        throw ImageCacheException.invalid("scaler must be threshold or target, not '" + typed + "'");
    }

    /** The name {@code configure_cache} uses. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
