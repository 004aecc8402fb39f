package imagecache.cache;

import java.util.function.Consumer;

/**
 * The items of one memcache as an {@link Eviction} sees them. The memcache keeps both orders at
 * all times, whatever the policy, so that switching policy keeps the content and its recency.
 */
interface Residents {

    /** How many items there are; at least one whenever a victim is asked for. */
    int size();

    /** The item read or written longest ago. */
    MemcacheEntry leastRecentlyUsed();

    /** The item in slot {@code slot}, 0 to {@code size() - 1}; slots say nothing about age. */
    MemcacheEntry inSlot(int slot);

    /** The memcache's capacity now: a resize changes it, so read it when it is needed. */
    long capacityBytes();

    /** Visits every item from the least to the most recently read or written. */
    void forEachFromLeastRecent(Consumer<MemcacheEntry> action);
}
