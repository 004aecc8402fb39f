package imagecache.cache.service;

import imagecache.cache.ReplacementPolicy;

/**
 * The memcache's tunable configuration, as users set it: capacity in whole MB and the policy. The one
 * place that says what a valid configuration is, for the API, the environment and the database alike.
 */
public record MemcacheSettings(int capacityMB, ReplacementPolicy policy) {

    public static final long BYTES_PER_MB = 1024L * 1024L;

    public MemcacheSettings {
        if (capacityMB <= 0) {
            throw new IllegalArgumentException("capacityMB must be a positive integer, not " + capacityMB);
        }
        if (policy == null) {
            throw new IllegalArgumentException("policy must be one of " + ReplacementPolicy.names());
        }
    }

    /** Settings from values as given; an {@link IllegalArgumentException} says what is wrong. */
    public static MemcacheSettings of(Integer capacityMB, String policy) {
        if (capacityMB == null) {
            throw new IllegalArgumentException("capacityMB must be a positive integer");
        }
        return new MemcacheSettings(
                capacityMB,
                ReplacementPolicy.parse(policy)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "policy must be one of " + ReplacementPolicy.names() + ", not '" + policy + "'")));
    }

    public long capacityBytes() {
        return capacityMB * BYTES_PER_MB;
    }
}
