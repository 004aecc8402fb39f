package imagecache.frontend.domain;

/**
 * How the memcache pool is sized: by hand or by the auto-scaler, and by which rule. The course's
 * thresholds: when the pool's miss rate over the last minute is above {@code maxMiss} it grows by
 * {@code expRatio} (2.0 doubles the nodes), below {@code minMiss} it shrinks by {@code shrinkRatio}
 * (0.5 halves them). The target rule instead sizes the pool for the hit rate {@code targetHit}.
 */
public record ScalingSettings(
        ScalingMode mode,
        double expRatio,
        double shrinkRatio,
        double maxMiss,
        double minMiss,
        ScalingRule rule,
        double targetHit) {

    /** Refuses a value outside the rules, naming it: nothing is stored then. */
    public ScalingSettings {
        if (mode == null) {
            throw ImageCacheException.invalid("mode must be manual or auto");
        }
        if (rule == null) {
            throw ImageCacheException.invalid("scaler must be threshold or target");
        }
        if (!(expRatio > 1) || Double.isInfinite(expRatio)) {
            throw ImageCacheException.invalid(
                    "expRatio must be greater than 1 (2.0 doubles the nodes), not " + expRatio);
        }
        if (!(shrinkRatio > 0 && shrinkRatio < 1)) {
            throw ImageCacheException.invalid(
                    "shrinkRatio must be greater than 0 and less than 1 (0.5 halves the nodes), not " + shrinkRatio);
        }
        if (!(maxMiss >= 0 && maxMiss <= 1) || !(minMiss >= 0 && minMiss <= 1)) {
            throw ImageCacheException.invalid(
                    "maxMiss and minMiss are miss rates from 0 to 1, not " + maxMiss + " and " + minMiss);
        }
        if (minMiss >= maxMiss) {
            throw ImageCacheException.invalid(
                    "minMiss must be less than maxMiss, not " + minMiss + " against " + maxMiss);
        }
        if (!(targetHit > 0 && targetHit < 1)) {
            throw ImageCacheException.invalid(
                    "targetHit must be a hit rate greater than 0 and less than 1, not " + targetHit);
        }
    }
}
