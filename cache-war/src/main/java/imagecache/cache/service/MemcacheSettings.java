package imagecache.cache.service;

import imagecache.cache.ReplacementPolicy;

/** The memcache's tunable configuration, as users set it: capacity in whole MB and the policy. */
public record MemcacheSettings(int capacityMB, ReplacementPolicy policy) {

    public static final long BYTES_PER_MB = 1024L * 1024L;

    public MemcacheSettings {
        if (capacityMB <= 0) {
            throw new IllegalArgumentException("capacityMB must be a positive integer");
        }
    }

    public long capacityBytes() {
        return capacityMB * BYTES_PER_MB;
    }
}
