package imagecache.frontend.service;

import imagecache.frontend.cacheclient.MemcacheClient;
import imagecache.frontend.cacheclient.MemcacheConfig;
import imagecache.frontend.cacheclient.MemcacheStats;
import imagecache.frontend.domain.ImageCacheException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;

/** Watches and tunes the memcache, validating what users type before the cache WAR sees it. */
@ApplicationScoped
public class MemcacheAdmin {

    @Inject
    MemcacheClient memcache;

    public MemcacheStats stats() {
        return memcache.stats();
    }

    public MemcacheConfig config() {
        return memcache.config();
    }

    /**
     * Changes capacity and/or policy as typed in a form; a value left out keeps its current setting.
     * Both are checked before anything changes.
     */
    public MemcacheConfig configure(String capacityMB, String policy) {
        boolean hasCapacity = capacityMB != null && !capacityMB.isBlank();
        boolean hasPolicy = policy != null && !policy.isBlank();
        if (!hasCapacity && !hasPolicy) {
            throw ImageCacheException.invalid("Give capacityMB and/or policy");
        }
        Integer capacity = hasCapacity ? parseCapacity(capacityMB) : null;
        String policyName = hasPolicy ? parsePolicy(policy) : null;
        if (capacity == null || policyName == null) {
            MemcacheConfig current = memcache.config();
            capacity = capacity == null ? current.capacityMB() : capacity;
            policyName = policyName == null ? current.policy() : policyName;
        }
        return memcache.configure(new MemcacheConfig(capacity, policyName));
    }

    public MemcacheConfig refresh() {
        return memcache.refresh();
    }

    public void clear() {
        memcache.clear();
    }

    static int parseCapacity(String text) {
        String digits = text.strip();
        // ASCII digits only: Integer.parseInt would also take other scripts' digits and a sign
        int capacity = digits.matches("[0-9]{1,9}") ? Integer.parseInt(digits) : 0;
        if (capacity > 0) {
            return capacity;
        }
        throw ImageCacheException.invalid("capacityMB must be a positive integer, not '" + text + "'");
    }

    static String parsePolicy(String text) {
        String policy = text.strip().toUpperCase(Locale.ROOT);
        if (!policy.equals("LRU") && !policy.equals("RANDOM")) {
            throw ImageCacheException.invalid("policy must be LRU or RANDOM, not '" + text + "'");
        }
        return policy;
    }
}
