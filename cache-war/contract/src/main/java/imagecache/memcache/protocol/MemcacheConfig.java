package imagecache.memcache.protocol;

/** A memcache configuration: capacity in MB and policy name (the cache WAR says which names exist). */
public record MemcacheConfig(Integer capacityMB, String policy) {}
