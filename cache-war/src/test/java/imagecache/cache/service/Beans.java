package imagecache.cache.service;

/** The service's beans wired by hand, as the container would, with the defaults 10 MB and LRU. */
final class Beans {

    private Beans() {}

    static MemcacheDefaults defaults() {
        MemcacheDefaults defaults = new MemcacheDefaults();
        defaults.capacityMB = 10;
        defaults.policy = "LRU";
        return defaults;
    }

    static MemcacheService memcache(double curveSamplingRate) {
        MemcacheService memcache = new MemcacheService();
        memcache.defaults = defaults();
        memcache.curveSamplingRate = curveSamplingRate;
        memcache.curveSampledKeys = 100;
        memcache.start();
        return memcache;
    }
}
