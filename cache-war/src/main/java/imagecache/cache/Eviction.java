package imagecache.cache;

/**
 * How one memcache under one {@link ReplacementPolicy} decides which item leaves when a new one does
 * not fit. The memcache calls it under its lock: at every read of a key it holds or may hold
 * ({@link #onAccess}, hit or miss), after a hit ({@link #onRead}), after storing ({@link #onStore}),
 * before an item leaves for any reason ({@link #onRemove}), for a victim as long as room is needed,
 * and once when another eviction takes over the same content ({@link #release}). A policy that
 * needs its own bookkeeping (counts, segments) keeps it here; LRU and RANDOM need none beyond
 * {@link Residents}.
 */
interface Eviction {

    /**
     * The item to evict next, one of the residents (at least one whenever this is asked).
     *
     * @param incoming the length of the value about to be stored, 0 when the capacity shrank
     */
    MemcacheEntry victim(long incoming);

    /** A read of {@code key}, whether it hits or misses: how often keys are asked for, not only held. */
    default void onAccess(String key) {}

    default void onRead(MemcacheEntry entry) {}

    default void onStore(MemcacheEntry entry) {}

    default void onRemove(MemcacheEntry entry) {}

    /**
     * The memcache no longer uses this eviction but keeps the items: drop every link from them to it,
     * so that items evicted later are not kept reachable through it.
     */
    default void release() {}
}
