package imagecache.frontend.service;

import imagecache.frontend.cacheclient.MemcacheCoherence;
import imagecache.frontend.cacheclient.MemcachePool;
import imagecache.frontend.cacheclient.MemcacheStats;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.memcache.protocol.MemcacheConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Watches and tunes the memcache. Reads the capacity as typed in a form; whether a configuration is
 * valid (which policies exist, what capacity) is the cache WAR's to say, and its refusal comes back
 * as a 400 with its message.
 */
@ApplicationScoped
public class MemcacheAdmin {

    @Inject
    MemcachePool memcache;

    @Inject
    MemcacheCoherence coherence;

    public MemcacheStats stats() {
        return memcache.stats();
    }

    /** The pool's figures per minute over the last {@code minutes} (1 to 60), oldest first. */
    public List<MemcacheStats.Minute> perMinute(int minutes) {
        return memcache.perMinute(minutes);
    }

    /** The reads sampled for the hit-rate curve, as a trace for bench/simulate.sh. */
    public String trace() {
        return memcache.trace();
    }

    public MemcacheConfig config() {
        return memcache.config();
    }

    /**
     * Changes capacity and/or policy as typed in a form; a value left out keeps its current setting.
     * Nothing changes unless both are valid.
     */
    public MemcacheConfig configure(String capacityMB, String policy) {
        boolean hasCapacity = capacityMB != null && !capacityMB.isBlank();
        boolean hasPolicy = policy != null && !policy.isBlank();
        if (!hasCapacity && !hasPolicy) {
            throw ImageCacheException.invalid("Give capacityMB and/or policy");
        }
        Integer capacity = hasCapacity ? parseCapacity(capacityMB) : null;
        String policyName = hasPolicy ? policy.strip() : null;
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
        coherence.clear();
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
}
