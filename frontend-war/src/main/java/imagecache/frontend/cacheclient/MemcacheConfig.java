package imagecache.frontend.cacheclient;

/** The memcache configuration: capacity in MB and policy name (LRU or RANDOM). */
public record MemcacheConfig(Integer capacityMB, String policy) {}
