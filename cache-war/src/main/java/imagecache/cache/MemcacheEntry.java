package imagecache.cache;

/**
 * One item of the memcache, linked into the structures every policy may read: the recency list
 * and the slot array of {@link Residents}. Only {@link Memcache} changes it.
 */
final class MemcacheEntry {
    final String key;
    final byte[] value;
    final String tag;
    /** Whether a read after a miss stored it (a fill), not a writer (a put). */
    boolean filled;

    MemcacheEntry prev;
    MemcacheEntry next;
    int slot;

    MemcacheEntry(String key, byte[] value, String tag) {
        this.key = key;
        this.value = value;
        this.tag = tag;
    }
}
