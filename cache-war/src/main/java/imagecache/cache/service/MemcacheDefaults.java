package imagecache.cache.service;

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
        try {
            return MemcacheSettings.of(capacityMB, policy);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalStateException("CACHE_CAPACITY_MB / CACHE_POLICY: " + invalid.getMessage(), invalid);
        }
    }
}
