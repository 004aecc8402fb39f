package imagecache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each policy's own victim choice, over residents given by hand instead of a memcache. */
class ReplacementPolicyTest {

    /** Residents in a fixed recency order, oldest first, whose slots run newest first. */
    private static Residents residents(List<MemcacheEntry> oldestFirst) {
        return new Residents() {
            @Override
            public int size() {
                return oldestFirst.size();
            }

            @Override
            public MemcacheEntry leastRecentlyUsed() {
                return oldestFirst.get(0);
            }

            @Override
            public MemcacheEntry inSlot(int slot) {
                return oldestFirst.get(oldestFirst.size() - 1 - slot);
            }

            @Override
            public long capacityBytes() {
                return oldestFirst.stream().mapToLong(e -> e.value.length).sum();
            }

            @Override
            public void forEachFromLeastRecent(Consumer<MemcacheEntry> action) {
                oldestFirst.forEach(action);
            }
        };
    }

    private static List<MemcacheEntry> entries(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new MemcacheEntry("k" + i, new byte[1], null))
                .toList();
    }

    @Test
    void lruChoosesTheLeastRecentlyUsedEveryTime() {
        List<MemcacheEntry> entries = entries(5);
        Eviction eviction = ReplacementPolicy.LRU.evictionOf(residents(entries), new Random(1));
        for (int i = 0; i < 10; i++) {
            assertSame(entries.get(0), eviction.victim(1));
        }
    }

    @Test
    void randomChoosesAmongAllResidentsNotByAge() {
        List<MemcacheEntry> entries = entries(5);
        Eviction eviction = ReplacementPolicy.RANDOM.evictionOf(residents(entries), new Random(7));
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            MemcacheEntry victim = eviction.victim(1);
            assertTrue(entries.contains(victim));
            chosen.add(victim.key);
        }
        assertEquals(Set.of("k0", "k1", "k2", "k3", "k4"), chosen, "every resident can be chosen");
    }

    @Test
    void tinyLfuEvictsANewcomerNoMoreFrequentThanTheMainItemItWouldDisplace() {
        // all of 5 bytes full: the newest item is the window (1 byte), the others on probation
        List<MemcacheEntry> entries = entries(5);
        Eviction eviction = ReplacementPolicy.TINYLFU.evictionOf(residents(entries), new Random(1));
        assertSame(entries.get(4), eviction.victim(1), "never read, like its victim: a tie keeps the old item");
        eviction.onAccess("k4");
        eviction.onAccess("k4");
        eviction.onAccess("k0");
        assertSame(entries.get(0), eviction.victim(1), "read more often than the coldest main item: that one goes");
    }

    @Test
    void namesParseWhateverTheirCaseAndSpacing() {
        assertEquals(ReplacementPolicy.LRU, ReplacementPolicy.parse(" lru ").orElseThrow());
        assertEquals(ReplacementPolicy.RANDOM, ReplacementPolicy.parse("Random").orElseThrow());
        assertEquals(ReplacementPolicy.RANDOM, ReplacementPolicy.parse("rr").orElseThrow(), "the course's name");
        assertEquals(
                ReplacementPolicy.TINYLFU, ReplacementPolicy.parse("TINYLFU").orElseThrow());
        assertEquals(
                ReplacementPolicy.TINYLFU, ReplacementPolicy.parse("TinyLFU").orElseThrow());
        assertEquals(
                ReplacementPolicy.TINYLFU, ReplacementPolicy.parse("tinylfu").orElseThrow());
        assertTrue(ReplacementPolicy.parse("LFU").isEmpty());
        assertTrue(ReplacementPolicy.parse(null).isEmpty());
    }

    @Test
    void messagesNameEveryPolicyAndAlias() {
        assertEquals("LRU, RANDOM (or RR), TINYLFU", ReplacementPolicy.names());
    }
}
