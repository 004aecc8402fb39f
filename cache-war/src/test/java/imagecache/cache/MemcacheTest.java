package imagecache.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemcacheTest {

    /** The content hash the front end stores beside each value; these tests do not look at it. */
    private static final String TAG = "sha256";

    private static byte[] bytes(int length) {
        return new byte[length];
    }

    private static Set<String> keysOf(Memcache cache, List<String> candidates) {
        return candidates.stream().filter(k -> cache.peek(k) != null).collect(Collectors.toSet());
    }

    @Test
    void lru_evictsLeastRecentlyWrittenFirst() {
        Memcache cache = new Memcache(30, ReplacementPolicy.LRU);
        cache.put("a", bytes(10), TAG);
        cache.put("b", bytes(10), TAG);
        cache.put("c", bytes(10), TAG);
        cache.put("d", bytes(10), TAG);
        assertEquals(Set.of("b", "c", "d"), keysOf(cache, List.of("a", "b", "c", "d")));
        cache.put("e", bytes(20), TAG);
        assertEquals(Set.of("d", "e"), keysOf(cache, List.of("a", "b", "c", "d", "e")));
        assertEquals(3, cache.stats().evictions());
    }

    @Test
    void lru_readMakesAnItemMostRecent() {
        Memcache cache = new Memcache(30, ReplacementPolicy.LRU);
        cache.put("a", bytes(10), TAG);
        cache.put("b", bytes(10), TAG);
        cache.put("c", bytes(10), TAG);
        assertTrue(cache.get("a").isHit());
        cache.put("d", bytes(10), TAG);
        assertEquals(Set.of("a", "c", "d"), keysOf(cache, List.of("a", "b", "c", "d")));
        assertTrue(cache.get("c").isHit());
        cache.put("e", bytes(10), TAG);
        assertEquals(Set.of("c", "d", "e"), keysOf(cache, List.of("a", "b", "c", "d", "e")));
    }

    @Test
    void lru_rewriteMakesAnItemMostRecentAndAccountsItsNewSize() {
        Memcache cache = new Memcache(30, ReplacementPolicy.LRU);
        cache.put("a", bytes(10), TAG);
        cache.put("b", bytes(10), TAG);
        cache.put("a", bytes(15), TAG);
        assertEquals(25, cache.stats().bytes());
        cache.put("c", bytes(10), TAG);
        assertEquals(Set.of("a", "c"), keysOf(cache, List.of("a", "b", "c")));
        assertEquals(25, cache.stats().bytes());
    }

    @Test
    void peekCountsNothingAndLeavesRecencyAlone() {
        Memcache cache = new Memcache(20, ReplacementPolicy.LRU);
        cache.put("a", bytes(10), TAG);
        cache.put("b", bytes(10), TAG);
        cache.peek("a");
        cache.put("c", bytes(10), TAG);
        assertNull(cache.peek("a"));
        assertEquals(0, cache.stats().requests());
    }

    @Test
    void evict_entryTooBig_isNotStoredAndDropsTheOlderValue() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        cache.put("big", bytes(50), TAG);
        cache.put("other", bytes(50), TAG);
        assertFalse(cache.put("big", bytes(101), TAG));
        assertNull(cache.peek("big"), "an older value must not outlive a newer one that does not fit");
        assertArrayEquals(bytes(50), cache.peek("other"));
        assertEquals(50, cache.stats().bytes());
        assertEquals(0, cache.stats().evictions());
    }

    @Test
    void entryExactlyAsBigAsTheCapacityIsStored() {
        Memcache cache = new Memcache(100, ReplacementPolicy.RANDOM);
        cache.put("x", bytes(40), TAG);
        assertTrue(cache.put("y", bytes(100), TAG));
        assertEquals(Set.of("y"), keysOf(cache, List.of("x", "y")));
        assertEquals(100, cache.stats().bytes());
    }

    @Test
    void emptyValueIsStoredAndCounted() {
        Memcache cache = new Memcache(1, ReplacementPolicy.LRU);
        assertTrue(cache.put("empty", bytes(0), TAG));
        assertTrue(cache.get("empty").isHit());
        assertEquals(1, cache.stats().items());
    }

    @Test
    void shrinkingEvictsLeastRecentUntilItFits() {
        Memcache cache = new Memcache(40, ReplacementPolicy.LRU);
        for (String k : List.of("a", "b", "c", "d")) {
            cache.put(k, bytes(10), TAG);
        }
        cache.get("a");
        cache.resize(20);
        assertEquals(Set.of("d", "a"), keysOf(cache, List.of("a", "b", "c", "d")));
        assertEquals(20, cache.stats().bytes());
        assertEquals(20, cache.stats().capacityBytes());
        assertEquals(2, cache.stats().evictions());
    }

    @Test
    void growingKeepsEverything() {
        Memcache cache = new Memcache(20, ReplacementPolicy.RANDOM);
        cache.put("a", bytes(10), TAG);
        cache.put("b", bytes(10), TAG);
        cache.resize(1000);
        assertEquals(2, cache.stats().items());
        assertEquals(0, cache.stats().evictions());
    }

    @Test
    void switchingPolicyWhenFullKeepsTheContentAndTheRecencyOrder() {
        Memcache cache = new Memcache(30, ReplacementPolicy.RANDOM, new Random(7));
        cache.put("a", bytes(10), TAG);
        cache.put("b", bytes(10), TAG);
        cache.put("c", bytes(10), TAG);
        cache.get("a");
        cache.switchPolicy(ReplacementPolicy.LRU);
        assertEquals(Set.of("a", "b", "c"), keysOf(cache, List.of("a", "b", "c")));
        cache.put("d", bytes(10), TAG);
        assertEquals(Set.of("a", "c", "d"), keysOf(cache, List.of("a", "b", "c", "d")));
        cache.switchPolicy(ReplacementPolicy.RANDOM);
        assertEquals(ReplacementPolicy.RANDOM, cache.stats().policy());
        assertEquals(3, cache.stats().items());
    }

    @Test
    void random_neverExceedsCapacityAndEvictsOnlyWhenNeeded() {
        Memcache cache = new Memcache(1000, ReplacementPolicy.RANDOM, new Random(42));
        Random sizes = new Random(1);
        for (int i = 0; i < 5000; i++) {
            long before = cache.stats().bytes();
            long evictionsBefore = cache.stats().evictions();
            int size = 1 + sizes.nextInt(200);
            cache.put("k" + i, bytes(size), TAG);
            MemcacheStats after = cache.stats();
            assertTrue(after.bytes() <= 1000, "over capacity: " + after.bytes());
            if (before + size <= 1000) {
                assertEquals(evictionsBefore, after.evictions(), "evicted although the item fitted");
            } else {
                assertTrue(after.evictions() > evictionsBefore);
            }
        }
    }

    @Test
    void random_choosesVictimsUniformly() {
        int[] evictedCount = new int[10];
        Random random = new Random(3);
        for (int round = 0; round < 5000; round++) {
            Memcache cache = new Memcache(100, ReplacementPolicy.RANDOM, random);
            for (int i = 0; i < 10; i++) {
                cache.put("k" + i, bytes(10), TAG);
            }
            cache.put("new", bytes(10), TAG);
            for (int i = 0; i < 10; i++) {
                if (cache.peek("k" + i) == null) {
                    evictedCount[i]++;
                }
            }
        }
        for (int count : evictedCount) {
            assertTrue(
                    count > 400 && count < 600,
                    "victim frequencies not uniform: " + java.util.Arrays.toString(evictedCount));
        }
    }

    @Test
    void random_evictsOnlyTheFewestNeededForEqualSizes() {
        Memcache cache = new Memcache(100, ReplacementPolicy.RANDOM, new Random(5));
        IntStream.range(0, 10).forEach(i -> cache.put("k" + i, bytes(10), TAG));
        cache.put("big", bytes(30), TAG);
        assertEquals(3, cache.stats().evictions());
        assertEquals(100, cache.stats().bytes());
        assertEquals(8, cache.stats().items());
    }

    @Test
    void countersAddUpAndSurviveClear() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        MemcacheStats empty = cache.stats();
        assertEquals(0.0, empty.hitRate());
        assertEquals(0.0, empty.missRate());
        cache.put("a", bytes(1), TAG);
        cache.get("a");
        cache.get("a");
        cache.get("a");
        cache.get("missing");
        cache.clear();
        cache.get("a");
        MemcacheStats stats = cache.stats();
        assertEquals(5, stats.requests());
        assertEquals(3, stats.hits());
        assertEquals(2, stats.misses());
        assertEquals(0.6, stats.hitRate(), 1e-9);
        assertEquals(0.4, stats.missRate(), 1e-9);
        assertEquals(0, stats.items());
        assertEquals(0, stats.bytes());
    }

    @Test
    void aWriteFromTheLogDropsAnotherValueOfTheKeyAndKeepsTheSameOne() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        cache.put("old", bytes(5), "before");
        cache.put("same", bytes(5), "now");

        assertTrue(cache.supersede("old", "now"));
        assertFalse(cache.supersede("same", "now"));
        assertTrue(cache.supersede("same", null), "a delete drops any value");

        assertNull(cache.peek("old"));
        assertEquals(0, cache.stats().items());
    }

    @Test
    void concurrentUploadsOfOneKeyKeepTheLastOnceTheLogShowsTheRowsOfThoseThatLostTheRace() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        // three writers in the order of the key's row lock: put before commit, settle after it
        cache.put("k", bytes(3), "first");
        cache.settle("k", "first", 7);
        cache.put("k", bytes(4), "second");
        cache.put("k", bytes(5), "third");
        cache.settle("k", "third", 9);
        cache.settle("k", "second", 8); // a late settle of an earlier writer

        assertFalse(cache.supersede("k", "first", 7), "a row the node was told of changes nothing");
        assertFalse(cache.supersede("k", "second", 8));
        assertFalse(cache.supersede("k", "third", 9));
        assertArrayEquals(bytes(5), cache.get("k").value());
    }

    @Test
    void aRowAboveWhatTheWritersToldDropsTheOlderValueAndItsLeases() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        cache.put("k", bytes(3), "told");
        cache.settle("k", "told", 7);
        cache.put("other", bytes(3), "o");
        cache.invalidate("other", 12);

        // a write whose calls never reached this node (its writer waits the log's lease)
        assertTrue(cache.supersede("k", "untold", 8));
        assertNull(cache.peek("k"));
        MemcacheLookup miss = cache.get("k");
        cache.supersede("k", "again", 10);
        assertFalse(cache.fill("k", bytes(3), "told", miss.lease()), "the older image's fill is refused");
        // a delete told with its seq: the older rows of the key change nothing, the newer ones do
        cache.put("other", bytes(2), "after the delete");
        assertFalse(cache.supersede("other", null, 12));
        assertArrayEquals(bytes(2), cache.peek("other"));
        assertTrue(cache.supersede("other", "newer", 13));
    }

    @Test
    void aDeleteOfEveryImageToldByItsWriterIsNotAppliedAgainFromTheLog() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        cache.put("k", bytes(3), "before");
        cache.clear(20);
        cache.put("k", bytes(4), "after");

        assertFalse(cache.clearLogged(20), "the items stored since the clear are current");
        assertArrayEquals(bytes(4), cache.peek("k"));
        assertTrue(cache.clearLogged(21), "a later delete of everything clears");
        assertNull(cache.peek("k"));
    }

    @Test
    void aNodeThatDoesNotOwnTheKeyKeepsNoTellingOfIt() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        cache.holdOnly(key -> !key.equals("away"));
        cache.settle("away", "told", 7);
        cache.holdOnly(key -> true);
        cache.put("away", bytes(3), "older");

        assertTrue(cache.supersede("away", "told", 7), "told while not owning it: the row still counts");
    }

    @Test
    void aWriteFromTheLogCancelsTheLeaseOfAReadThatMayHaveSeenTheOlderImage() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        MemcacheLookup miss = cache.get("k");

        cache.supersede("k", "new");

        assertFalse(cache.fill("k", bytes(3), "old", miss.lease()));
        assertNull(cache.peek("k"));
    }

    @Test
    void fillWithTheLeaseOfTheMissStoresTheValueOnce() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        MemcacheLookup miss = cache.get("k");
        assertFalse(miss.isHit());
        assertTrue(cache.fill("k", bytes(3), TAG, miss.lease()));
        assertArrayEquals(bytes(3), cache.get("k").value());
        assertFalse(cache.fill("k", bytes(4), TAG, miss.lease()), "a lease is good for one fill");
    }

    @Test
    void fillAfterAPutIsRefused_soASlowReadCannotBringBackAnOldImage() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        MemcacheLookup miss = cache.get("k");
        byte[] newer = {2};
        cache.put("k", newer, TAG);
        assertFalse(cache.fill("k", new byte[] {1}, TAG, miss.lease()));
        assertArrayEquals(newer, cache.get("k").value());
    }

    @Test
    void aNodeHoldsOnlyTheKeysItOwns() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        cache.put("mine", bytes(10), "a");
        cache.put("theirs", bytes(10), "b");
        cache.holdOnly(key -> key.startsWith("mine"));
        assertNull(cache.peek("theirs"), "dropped when ownership was set");
        assertEquals(10, cache.stats().bytes());
        assertFalse(cache.put("theirs-too", bytes(5), "c"), "a key owned elsewhere is not stored");
        MemcacheLookup elsewhere = cache.get("theirs-too");
        assertFalse(elsewhere.isHit());
        assertEquals(0, elsewhere.lease(), "and its miss comes without a lease");
        assertFalse(cache.fill("theirs-too", bytes(5), "c", elsewhere.lease()));
        assertTrue(cache.get("mine").isHit());
        assertEquals(1, cache.stats().items());
    }

    @Test
    void aKeyGivenAwayIsDroppedAtItsNextReadAndCannotComeBackOld() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        Set<String> owned = new HashSet<>(Set.of("k"));
        cache.holdOnly(owned::contains);
        cache.put("k", bytes(10), "old");
        owned.remove("k"); // the grid moved the key's partition to another node
        assertFalse(cache.get("k").isHit());
        owned.add("k"); // and back, after the key was uploaded again over there
        assertFalse(cache.get("k").isHit(), "the old value went when it was read while owned elsewhere");
        assertEquals(0, cache.stats().bytes());
    }

    @Test
    void droppingKeysByAPredicateFreesTheirBytesAndCancelsTheirLeases() {
        Memcache cache = new Memcache(100, ReplacementPolicy.RANDOM, new Random(7));
        for (int i = 0; i < 6; i++) {
            cache.put("k" + i, bytes(10), "t");
        }
        MemcacheLookup miss = cache.get("k9");
        assertEquals(4, cache.dropAll(key -> key.compareTo("k4") < 0 || key.equals("k9")));
        assertEquals(2, cache.stats().items());
        assertEquals(20, cache.stats().bytes());
        assertFalse(cache.fill("k9", bytes(10), "t", miss.lease()), "its lease went with it");
        assertTrue(cache.get("k5").isHit());
        assertNull(cache.peek("k0"));
    }

    @Test
    void settlingAPutKeepsItAndAnyLaterPut() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        cache.put("k", bytes(10), "mine");
        assertFalse(cache.settle("k", "mine"), "its own value stays");
        cache.put("k", bytes(20), "later writer");
        assertFalse(cache.settle("k", "mine"), "a late settle of an earlier write keeps the later put");
        assertArrayEquals(bytes(20), cache.peek("k"));
    }

    @Test
    void settlingAPutUndoesAnOlderValueAReadFilledMeanwhile() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        cache.put("k", bytes(10), "mine");
        cache.invalidate("k"); // evicted before the write was final
        MemcacheLookup miss = cache.get("k");
        assertTrue(cache.fill("k", bytes(5), "older", miss.lease()), "the read saw the older write");
        assertTrue(cache.settle("k", "mine"));
        assertNull(cache.peek("k"), "the older value is gone");
    }

    @Test
    void settlingAPutCancelsLeasesOfReadsThatMayHaveSeenTheOlderWrite() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        cache.put("k", bytes(10), "mine");
        cache.invalidate("k");
        MemcacheLookup miss = cache.get("k");
        assertFalse(cache.settle("k", "mine"), "nothing to drop");
        assertFalse(cache.fill("k", bytes(5), "older", miss.lease()), "but the read's fill comes too late");
        assertNull(cache.peek("k"));
        MemcacheLookup again = cache.get("k");
        assertTrue(cache.fill("k", bytes(10), "mine", again.lease()));
        assertFalse(cache.settle("k", "mine"), "a fill of the current image is kept by a settle of its tag");
        assertTrue(cache.settle("k", "another"), "and dropped by one of another tag");
    }

    @Test
    void fillAfterAnInvalidateIsRefused_soADeletedImageStaysGone() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        MemcacheLookup miss = cache.get("k");
        cache.invalidate("k");
        assertFalse(cache.fill("k", new byte[] {1}, TAG, miss.lease()));
        assertNull(cache.peek("k"));
    }

    @Test
    void fillWithAnOlderLeaseIsRefusedAfterALaterMiss() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        MemcacheLookup first = cache.get("k");
        MemcacheLookup second = cache.get("k");
        assertFalse(cache.fill("k", new byte[] {1}, TAG, first.lease()));
        assertTrue(cache.fill("k", new byte[] {2}, TAG, second.lease()));
    }

    @Test
    void clearCancelsLeases() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        MemcacheLookup miss = cache.get("k");
        cache.clear();
        assertFalse(cache.fill("k", new byte[] {1}, TAG, miss.lease()));
    }

    @Test
    void leasesAreBounded() {
        Memcache cache = new Memcache(100, ReplacementPolicy.LRU);
        MemcacheLookup oldest = cache.get("k0");
        for (int i = 1; i <= Memcache.MAX_LEASES; i++) {
            cache.get("k" + i);
        }
        assertFalse(cache.fill("k0", new byte[] {1}, TAG, oldest.lease()), "the oldest lease was dropped");
        MemcacheLookup recent = cache.get("recent");
        assertTrue(cache.fill("recent", new byte[] {1}, TAG, recent.lease()));
    }

    @Test
    void aHitReturnsTheTagStoredWithTheValueAndTagsCostNoCapacity() {
        Memcache cache = new Memcache(10, ReplacementPolicy.LRU);
        cache.put("a", bytes(10), "hash-of-a");
        assertEquals("hash-of-a", cache.get("a").tag());
        assertEquals(10, cache.stats().bytes());
        MemcacheLookup miss = cache.get("b");
        assertTrue(cache.fill("b", bytes(5), "hash-of-b", miss.lease()));
        assertEquals("hash-of-b", cache.get("b").tag());
        cache.put("b", bytes(5), "hash-of-the-new-b");
        assertEquals("hash-of-the-new-b", cache.get("b").tag(), "a new value replaces the old tag too");
    }

    @Test
    void invalidateFreesTheBytes() {
        Memcache cache = new Memcache(100, ReplacementPolicy.RANDOM);
        cache.put("a", bytes(60), TAG);
        assertTrue(cache.invalidate("a"));
        assertFalse(cache.invalidate("a"));
        assertEquals(0, cache.stats().bytes());
        assertTrue(cache.put("b", bytes(100), TAG));
        assertEquals(0, cache.stats().evictions());
    }

    @Test
    void nonPositiveCapacityIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Memcache(0, ReplacementPolicy.LRU));
        Memcache cache = new Memcache(10, ReplacementPolicy.LRU);
        assertThrows(IllegalArgumentException.class, () -> cache.resize(-1));
        assertEquals(10, cache.capacityBytes());
    }

    @Test
    void concurrentUseKeepsTheAccountingExact() throws Exception {
        Memcache cache = new Memcache(5_000, ReplacementPolicy.LRU);
        int threads = 4;
        int opsPerThread = 20_000;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long seed = t;
            workers[t] = new Thread(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < opsPerThread; i++) {
                    String key = "k" + random.nextInt(100);
                    switch (random.nextInt(6)) {
                        case 0 -> cache.put(key, bytes(random.nextInt(300)), TAG);
                        case 1 -> cache.invalidate(key);
                        case 2 ->
                            cache.switchPolicy(random.nextBoolean() ? ReplacementPolicy.LRU : ReplacementPolicy.RANDOM);
                        default -> {
                            MemcacheLookup lookup = cache.get(key);
                            if (!lookup.isHit()) {
                                cache.fill(key, bytes(random.nextInt(300)), TAG, lookup.lease());
                            }
                        }
                    }
                }
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        MemcacheStats stats = cache.stats();
        assertEquals(stats.requests(), stats.hits() + stats.misses());
        assertTrue(stats.bytes() <= 5_000);
        long sum = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            byte[] value = cache.peek("k" + i);
            if (value != null) {
                sum += value.length;
                seen.add("k" + i);
            }
        }
        assertEquals(sum, stats.bytes());
        assertEquals(seen.size(), stats.items());
    }
}
