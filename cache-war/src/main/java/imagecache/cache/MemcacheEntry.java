package imagecache.cache;

/**
 * One item of the memcache, linked into the structures every policy may read: the recency list
 * and the slot array of {@link Residents}; and, for a policy with its own order (TINYLFU), into one
 * of that policy's {@link EntryQueue}s. Only {@link Memcache} and its {@link Eviction} change it.
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

    /** The policy queue holding it, null in none; queueNext is the more recent neighbour there. */
    EntryQueue queue;

    MemcacheEntry queuePrev;
    MemcacheEntry queueNext;

    MemcacheEntry(String key, byte[] value, String tag) {
        this.key = key;
        this.value = value;
        this.tag = tag;
    }
}
