package imagecache.cache;

/**
 * One item of the memcache, linked into the structures every policy may read: the recency list
 * and the slot array of {@link Residents}. Only {@link MemCache} changes it.
 */
final class CacheEntry {
    final String key;
    final byte[] value;
    final String tag;
    CacheEntry prev;
    CacheEntry next;
    int slot;

    CacheEntry(String key, byte[] value, String tag) {
        this.key = key;
        this.value = value;
        this.tag = tag;
    }
}
