package imagecache.cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The memcache: byte arrays by key, bounded by the total length of the arrays.
 *
 * <p>Design. Every entry sits at once in a hash map (lookup), in a doubly linked list ordered from
 * least to most recently used, and in an array of slots (removal moves the last slot into the
 * hole). Which entry leaves when room is needed is the policy's decision alone: its
 * {@link Eviction} reads these {@link Residents} (LRU takes the list's head, RANDOM a uniformly drawn
 * slot) and may keep its own order besides (TINYLFU's queues, linked through the entries, and its
 * counts of reads). Keeping both orders all the time makes every operation O(1) under any policy and
 * lets the policy change without touching the content. One monitor guards everything: a read
 * reorders the list, so reads are writes.
 *
 * <p>Stale fills. A reader that misses gets a lease; it may store the value it then loads from the
 * database only with that lease ({@link #fill}). A {@link #put} or {@link #invalidate} of the key
 * cancels the lease, so a slow read of an old image can never overwrite a newer upload or bring a
 * deleted one back. Leases are bounded; dropping one only means that fill is refused.
 *
 * <p>Writes told twice. In a pool a write reaches the key's node from its writer ({@link #settle},
 * {@link #invalidate}) and again as a row of the write log ({@link #supersede}). A writer's call
 * names its row's seq: a row of the key at or below the highest seq told changes nothing, since the
 * call already did what the row would (and more recent writes may have been told since). Without
 * that, concurrent uploads of a key lose their item to the rows of the writes that lost the race.
 *
 * <p>Keys held elsewhere. In a pool each node holds only the keys it owns ({@link #holdOnly}): a key
 * it does not own is a miss without a lease, is never stored, and is dropped if it was there, so
 * that a key the node gives away and later gets back cannot come back with an old value.
 *
 * <p>Values are stored and returned without copying: callers must not modify them. Each value may
 * carry a short tag (the front end keeps the image's content hash there, so that a hit needs no
 * hashing); tags are metadata and do not count against the capacity.
 */
public final class Memcache {

    static final int MAX_LEASES = 65_536;
    /**
     * How long a write keeps a handoff of its key out: far longer than a handoff takes to arrive
     * (sent at once, with a 5 s timeout) and than the pool's write log takes to reach every node.
     */
    public static final long HANDOFF_WINDOW_NANOS = 30_000_000_000L;

    private final Map<String, MemcacheEntry> entries = new HashMap<>();
    private final MemcacheEntry lruHead = new MemcacheEntry(null, null, null); // sentinel: head.next is least recent
    private final ArrayList<MemcacheEntry> slots = new ArrayList<>();
    private final Residents residents = new Residents() {
        @Override
        public int size() {
            return slots.size();
        }

        @Override
        public MemcacheEntry leastRecentlyUsed() {
            return lruHead.next;
        }

        @Override
        public MemcacheEntry inSlot(int slot) {
            return slots.get(slot);
        }

        @Override
        public long capacityBytes() {
            return capacityBytes;
        }

        @Override
        public void forEachFromLeastRecent(Consumer<MemcacheEntry> action) {
            for (MemcacheEntry entry = lruHead.next; entry != lruHead; entry = entry.next) {
                action.accept(entry);
            }
        }
    };
    private final Map<String, Long> leases = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_LEASES;
        }
    };
    /** Per key, the highest write log seq its writers told this node of; keys least lately told first, bounded. */
    private final LinkedHashMap<String, Long> told = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_LEASES;
        }
    };
    /**
     * Keys written lately, least lately first, each with when it was last written (System.nanoTime)
     * and the tag every write of it since agreed on: a handoff brings back only that tag's bytes.
     */
    private final LinkedHashMap<String, Write> written = new LinkedHashMap<>();

    /**
     * The lately writes of one key: when the last was noted, and the content tag they all gave it
     * ({@code null}: unknown, deleted, or writes that disagree).
     */
    private record Write(long atNanos, String tag) {

        Write then(long nowNanos, String nextTag) {
            return new Write(nowNanos, Objects.equals(tag, nextTag) ? tag : null);
        }
    }

    private final Random random;
    private final LongSupplier clock;

    private Predicate<String> owned = key -> true;
    /** The highest write log seq of a delete of every image that a writer's clear told this node of. */
    private long clearedUpTo;
    /** Until when (nanoTime) no handoff is taken: every key counts as written (a clear, or too many writes to track). */
    private long refuseHandoffsUntil;

    private long capacityBytes;
    private ReplacementPolicy policy;
    private Eviction eviction;
    private long bytes;
    private long nextLease = 1;
    private long hits;
    private long misses;
    private long evictions;

    public Memcache(long capacityBytes, ReplacementPolicy policy) {
        this(capacityBytes, policy, new Random());
    }

    /** With a given source of randomness, so that tests can repeat a RANDOM run. */
    public Memcache(long capacityBytes, ReplacementPolicy policy, Random random) {
        this(capacityBytes, policy, random, System::nanoTime);
    }

    /** With a given clock (nanoseconds), so that tests can age the writes a handoff must respect. */
    Memcache(long capacityBytes, ReplacementPolicy policy, Random random, LongSupplier clock) {
        requireCapacity(capacityBytes);
        this.capacityBytes = capacityBytes;
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        refuseHandoffsUntil = clock.getAsLong();
        lruHead.prev = lruHead;
        lruHead.next = lruHead;
        switchPolicy(policy);
    }

    /** Reads a key, counting a hit or a miss; a miss carries a lease for {@link #fill}. */
    public synchronized MemcacheLookup get(String key) {
        if (!owned.test(key)) {
            misses++;
            invalidate(key);
            return MemcacheLookup.miss(0);
        }
        eviction.onAccess(key);
        MemcacheEntry entry = entries.get(key);
        if (entry == null) {
            misses++;
            long lease = nextLease++;
            leases.put(key, lease);
            return MemcacheLookup.miss(lease);
        }
        hits++;
        moveToMostRecent(entry);
        eviction.onRead(entry);
        return MemcacheLookup.hit(entry.value, entry.tag);
    }

    /** Reads a key without counting it or changing its recency. */
    public synchronized byte[] peek(String key) {
        MemcacheEntry entry = entries.get(key);
        return entry == null ? null : entry.value;
    }

    /**
     * Stores the current value of a key with a tag that a hit returns along with it (the front end's
     * content hash), replacing any older value and cancelling pending leases.
     *
     * @return false when the value is larger than the whole capacity: it is not stored, and an
     *     older value of the key is dropped so that no read sees it again
     */
    public synchronized boolean put(String key, byte[] value, String tag) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        leases.remove(key);
        noteWrite(key, tag);
        return store(key, value, tag, false);
    }

    /** Stores a value and its tag loaded after a miss, only if the key's lease from that miss is still valid. */
    public synchronized boolean fill(String key, byte[] value, String tag, long lease) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Long current = leases.get(key);
        if (current == null || current != lease) {
            return false;
        }
        leases.remove(key);
        return store(key, value, tag, true);
    }

    /** Drops a key and cancels its pending leases; true if it was cached. */
    public synchronized boolean invalidate(String key) {
        return invalidate(key, 0);
    }

    /**
     * Drops a key after a write whose row in the pool's write log has seq {@code logSeq} (0: none),
     * and cancels its pending leases; true if it was cached.
     */
    public synchronized boolean invalidate(String key, long logSeq) {
        tell(key, logSeq);
        return drop(key, null);
    }

    /** Drops a key written to {@code tag} (null: deleted, or not known), cancels its leases; true if it was cached. */
    private boolean drop(String key, String tag) {
        leases.remove(key);
        noteWrite(key, tag);
        MemcacheEntry entry = entries.remove(key);
        if (entry == null) {
            return false;
        }
        unlink(entry);
        return true;
    }

    /**
     * The key's value is now the one tagged {@code tag} ({@code null}: the key has none): drops a
     * value with another tag and cancels the key's pending leases, and keeps a value with that tag.
     *
     * @return true if a value was dropped
     */
    public synchronized boolean supersede(String key, String tag) {
        return supersede(key, tag, 0);
    }

    /**
     * A row of the pool's write log, with seq {@code logSeq}: as {@link #supersede(String, String)},
     * unless the key's writers told this node of that row or a later one (it changes nothing then).
     */
    public synchronized boolean supersede(String key, String tag, long logSeq) {
        Long highest = told.get(key);
        if (highest != null && logSeq > 0 && logSeq <= highest) {
            return false;
        }
        MemcacheEntry entry = entries.get(key);
        if (entry != null && tag != null && tag.equals(entry.tag)) {
            noteWrite(key, tag);
            return false;
        }
        return drop(key, tag);
    }

    /**
     * Settles a {@link #put} made before the writer's write was final, once it is: cancels the key's
     * pending leases and drops a value that a read filled with another tag. A read that missed in
     * between (the put value evicted at once) may have read the older write and filled it; puts
     * arrive in the order of the writes (each writer puts while it holds the key's row lock), so a
     * later writer's put is kept, and a late call from an earlier writer at worst drops a fill or a
     * lease, never keeps an older value.
     *
     * @return true if a value was dropped
     */
    public synchronized boolean settle(String key, String tag) {
        return settle(key, tag, 0);
    }

    /** Settles a put whose write has seq {@code logSeq} in the pool's write log (0: none), as {@link #settle(String, String)}. */
    public synchronized boolean settle(String key, String tag, long logSeq) {
        tell(key, logSeq);
        leases.remove(key);
        noteWrite(key, tag);
        MemcacheEntry entry = entries.get(key);
        if (entry == null || !entry.filled || Objects.equals(entry.tag, tag)) {
            return false;
        }
        entries.remove(key);
        unlink(entry);
        return true;
    }

    /**
     * From now on holds only the keys {@code ownership} accepts (asked under this cache's lock, at
     * every read and store), and drops the others now.
     */
    public synchronized void holdOnly(Predicate<String> ownership) {
        owned = Objects.requireNonNull(ownership, "ownership");
        dropAll(owned.negate());
    }

    /** Drops the keys {@code which} accepts, and their leases; returns how many items went. */
    public synchronized int dropAll(Predicate<String> which) {
        return removeAll(which).size();
    }

    /**
     * Takes the items of the keys {@code which} accepts out of this cache, with their leases, to hand
     * them to the node that owns them now ({@link #handOver} there).
     */
    public synchronized List<HandedOffEntry> takeAll(Predicate<String> which) {
        return removeAll(which).stream()
                .map(entry -> new HandedOffEntry(entry.key, entry.value, entry.tag))
                .toList();
    }

    /** Removes the items of the keys {@code which} accepts, and their leases; returns the items. */
    private List<MemcacheEntry> removeAll(Predicate<String> which) {
        leases.keySet().removeIf(which);
        List<MemcacheEntry> removed =
                entries.values().stream().filter(e -> which.test(e.key)).toList();
        for (MemcacheEntry entry : removed) {
            entries.remove(entry.key);
            unlink(entry);
        }
        return removed;
    }

    /**
     * Stores an item another node held until the key's partition moved here, unless this cache may
     * know better: it does not own the key, already holds it, or the key was written here (a put, a
     * drop, a settle, or a row of the pool's write log) within the last {@link #HANDOFF_WINDOW_NANOS}
     * to anything but the item's tag. The old owner took its copy before the move, so any write since
     * may be missing from it; every write since reaches the new owner (called, or through the write
     * log) within that window. An item whose tag (its content hash) is what every such write gave the
     * key holds the very bytes those writes stored, so it is taken: a key that is uploaded often
     * stays warm through a move.
     *
     * @return whether it was stored
     */
    public synchronized boolean handOver(HandedOffEntry entry) {
        long now = clock.getAsLong();
        forgetOldWrites(now);
        Write lately = written.get(entry.key());
        if (!owned.test(entry.key())
                || entries.containsKey(entry.key())
                || lately != null && (lately.tag() == null || !lately.tag().equals(entry.tag()))
                || now - refuseHandoffsUntil < 0) {
            return false;
        }
        return store(entry.key(), entry.value(), entry.tag(), true);
    }

    /** Whether this cache holds the key's partition (always, outside a pool). */
    public synchronized boolean owns(String key) {
        return owned.test(key);
    }

    /** Records that the key's writer told this node of its write log row {@code logSeq} (0: none). */
    private void tell(String key, long logSeq) {
        // a node that does not own the key holds nothing of it to keep
        if (logSeq <= 0 || !owned.test(key)) {
            return;
        }
        Long highest = told.remove(key);
        told.put(key, highest == null ? logSeq : Math.max(highest, logSeq));
    }

    private void noteWrite(String key, String tag) {
        long now = clock.getAsLong();
        forgetOldWrites(now);
        Write before = written.remove(key);
        written.put(key, before == null ? new Write(now, tag) : before.then(now, tag));
        if (written.size() > MAX_LEASES) {
            // too many to track: take no handoff until the newest forgotten write is old enough
            Map.Entry<String, Write> eldest = written.entrySet().iterator().next();
            refuseHandoffsUntil = eldest.getValue().atNanos() + HANDOFF_WINDOW_NANOS;
            written.remove(eldest.getKey());
        }
    }

    private void forgetOldWrites(long now) {
        var oldest = written.entrySet().iterator();
        while (oldest.hasNext() && now - oldest.next().getValue().atNanos() > HANDOFF_WINDOW_NANOS) {
            oldest.remove();
        }
    }

    /**
     * Drops every item and lease; the counters go on. No handoff is taken for {@link
     * #HANDOFF_WINDOW_NANOS} after: a clear may follow a delete of every image, which items handed
     * over late must not bring back.
     */
    public synchronized void clear() {
        clear(0);
    }

    /** As {@link #clear()}, after a delete of every image whose write log row has seq {@code logSeq} (0: none). */
    public synchronized void clear(long logSeq) {
        clearedUpTo = Math.max(clearedUpTo, logSeq);
        refuseHandoffsUntil = clock.getAsLong() + HANDOFF_WINDOW_NANOS;
        dropEverything();
    }

    /**
     * A row of the pool's write log with seq {@code logSeq} that deleted every image: as {@link
     * #clear()}, unless a writer told this node of that row or a later one (then items stored since
     * are current). Returns whether it cleared.
     */
    public synchronized boolean clearLogged(long logSeq) {
        if (logSeq > 0 && logSeq <= clearedUpTo) {
            return false;
        }
        clear();
        return true;
    }

    /**
     * Drops every item and lease, as {@link #clear} does, but goes on taking handoffs: for a node that
     * lost track of the pool's write log and starts following it again, whose items may be old while
     * what the others hand over is as current as their own.
     */
    public synchronized void restart() {
        dropEverything();
    }

    private void dropEverything() {
        // what the writers told stays true: a row they told of still changes nothing after a clear
        entries.clear();
        slots.clear();
        leases.clear();
        lruHead.prev = lruHead;
        lruHead.next = lruHead;
        bytes = 0;
        eviction = policy.evictionOf(residents, random);
    }

    /** Changes the capacity; shrinking evicts by the current policy until the content fits. */
    public synchronized void resize(long newCapacityBytes) {
        requireCapacity(newCapacityBytes);
        capacityBytes = newCapacityBytes;
        evictUntilFree(0);
    }

    /** Changes the replacement policy, keeping the content and its recency order. */
    public synchronized void switchPolicy(ReplacementPolicy newPolicy) {
        policy = Objects.requireNonNull(newPolicy, "policy");
        if (eviction != null) {
            eviction.release();
        }
        eviction = newPolicy.evictionOf(residents, random);
    }

    public synchronized long capacityBytes() {
        return capacityBytes;
    }

    public synchronized ReplacementPolicy policy() {
        return policy;
    }

    public synchronized MemcacheStats stats() {
        return new MemcacheStats(entries.size(), bytes, capacityBytes, policy, hits + misses, hits, misses, evictions);
    }

    private boolean store(String key, byte[] value, String tag, boolean filled) {
        MemcacheEntry old = entries.remove(key);
        if (old != null) {
            unlink(old);
        }
        if (value.length > capacityBytes || !owned.test(key)) {
            return false;
        }
        evictUntilFree(value.length);
        MemcacheEntry entry = new MemcacheEntry(key, value, tag);
        entry.filled = filled;
        entries.put(key, entry);
        link(entry);
        eviction.onStore(entry);
        return true;
    }

    private void evictUntilFree(long needed) {
        while (bytes + needed > capacityBytes) {
            MemcacheEntry victim = eviction.victim(needed);
            entries.remove(victim.key);
            unlink(victim);
            evictions++;
        }
    }

    private void link(MemcacheEntry entry) {
        entry.prev = lruHead.prev;
        entry.next = lruHead;
        lruHead.prev.next = entry;
        lruHead.prev = entry;
        entry.slot = slots.size();
        slots.add(entry);
        bytes += entry.value.length;
    }

    private void unlink(MemcacheEntry entry) {
        eviction.onRemove(entry);
        entry.prev.next = entry.next;
        entry.next.prev = entry.prev;
        MemcacheEntry last = slots.remove(slots.size() - 1);
        if (last != entry) {
            slots.set(entry.slot, last);
            last.slot = entry.slot;
        }
        bytes -= entry.value.length;
    }

    private void moveToMostRecent(MemcacheEntry entry) {
        entry.prev.next = entry.next;
        entry.next.prev = entry.prev;
        entry.prev = lruHead.prev;
        entry.next = lruHead;
        lruHead.prev.next = entry;
        lruHead.prev = entry;
    }

    private static void requireCapacity(long capacityBytes) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacityBytes);
        }
    }
}
