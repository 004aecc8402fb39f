package imagecache.cache.service;

import imagecache.cache.ReplacementPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The default configuration: what the cache starts with the first time, and what refresh restores. */
@ApplicationScoped
public class MemcacheDefaults {

    @Inject
    @ConfigProperty(name = "cache.capacity.mb", defaultValue = "10")
    int capacityMB;

    @Inject
    @ConfigProperty(name = "cache.policy", defaultValue = "LRU")
    String policy;

    public MemcacheSettings settings() {
        ReplacementPolicy parsed = ReplacementPolicy.parse(policy)
                .orElseThrow(() -> new IllegalStateException("CACHE_POLICY must be LRU or RANDOM, not " + policy));
        if (capacityMB <= 0) {
            throw new IllegalStateException("CACHE_CAPACITY_MB must be a positive integer, not " + capacityMB);
        }
        return new MemcacheSettings(capacityMB, parsed);
    }
}
