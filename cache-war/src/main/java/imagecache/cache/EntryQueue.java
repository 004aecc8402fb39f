package imagecache.cache;

/**
 * A queue of memcache entries linked through the entries themselves (no node objects), oldest
 * first, with the total length of their values: adding, removing and moving an entry are O(1). An
 * entry is in at most one queue at a time, and knows which.
 */
final class EntryQueue {

    private MemcacheEntry first;
    private MemcacheEntry last;
    private long bytes;

    boolean isEmpty() {
        return first == null;
    }

    /** The total length of the values in this queue. */
    long bytes() {
        return bytes;
    }

    /** The entry added or moved longest ago, null when empty; follow queueNext for newer ones. */
    MemcacheEntry first() {
        return first;
    }

    /** The entry added or moved last, null when empty. */
    MemcacheEntry last() {
        return last;
    }

    /** Adds an entry that is in no queue at the newest end. */
    void addLast(MemcacheEntry entry) {
        entry.queue = this;
        entry.queuePrev = last;
        entry.queueNext = null;
        if (last == null) {
            first = entry;
        } else {
            last.queueNext = entry;
        }
        last = entry;
        bytes += entry.value.length;
    }

    /** Adds an entry that is in no queue at the oldest end. */
    void addFirst(MemcacheEntry entry) {
        entry.queue = this;
        entry.queuePrev = null;
        entry.queueNext = first;
        if (first == null) {
            last = entry;
        } else {
            first.queuePrev = entry;
        }
        first = entry;
        bytes += entry.value.length;
    }

    /** Takes out an entry of this queue. */
    void remove(MemcacheEntry entry) {
        if (entry.queuePrev == null) {
            first = entry.queueNext;
        } else {
            entry.queuePrev.queueNext = entry.queueNext;
        }
        if (entry.queueNext == null) {
            last = entry.queuePrev;
        } else {
            entry.queueNext.queuePrev = entry.queuePrev;
        }
        entry.queue = null;
        entry.queuePrev = null;
        entry.queueNext = null;
        bytes -= entry.value.length;
    }

    /** Makes an entry of this queue its newest. */
    void moveToLast(MemcacheEntry entry) {
        if (entry != last) {
            remove(entry);
            addLast(entry);
        }
    }

    /** Empties the queue, unlinking every entry from it. */
    void clear() {
        MemcacheEntry entry = first;
        while (entry != null) {
            MemcacheEntry newer = entry.queueNext;
            entry.queue = null;
            entry.queuePrev = null;
            entry.queueNext = null;
            entry = newer;
        }
        first = null;
        last = null;
        bytes = 0;
    }
}
