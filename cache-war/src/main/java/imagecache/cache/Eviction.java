package imagecache.cache;

/**
 * How one memcache under one {@link ReplacementPolicy} decides which item leaves when a new one does
 * not fit. The memcache calls it under its lock: after a hit ({@link #onRead}), after storing
 * ({@link #onStore}), before an item leaves for any reason ({@link #onRemove}), and for a victim
 * as long as room is needed. A policy that needs its own bookkeeping (counts, segments) keeps it
 * here; LRU and RANDOM need none beyond {@link Residents}.
 */
interface Eviction {

    /** The item to evict next, one of the residents. */
    MemcacheEntry victim();

    default void onRead(MemcacheEntry entry) {}

    default void onStore(MemcacheEntry entry) {}

    default void onRemove(MemcacheEntry entry) {}
}
