package imagecache.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Handing items to a key's new owner when the grid moves its partition: the old owner gives up what
 * it hands over, and the new owner takes an item only where it cannot know better: never over a
 * write of other content it saw lately, never over what it holds, never a key it does not own.
 */
class HandoffTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private Memcache cache() {
        return new Memcache(1_000, ReplacementPolicy.LRU, new Random(1), now::get);
    }

    private static HandedOffEntry item(String key, int fill) {
        byte[] value = new byte[10];
        Arrays.fill(value, (byte) fill);
        return new HandedOffEntry(key, value, "tag-" + fill);
    }

    @Test
    void theOldOwnerHandsOverItsItemsOfThePartitionAndKeepsNone() {
        Memcache old = cache();
        old.put("a1", new byte[] {1}, "t1");
        old.put("a2", new byte[] {2}, null);
        old.put("b1", new byte[] {3}, "t3");
        List<HandedOffEntry> taken = old.takeAll(key -> key.startsWith("a"));
        assertEquals(
                List.of("a1", "a2"),
                taken.stream().map(HandedOffEntry::key).sorted().toList());
        assertNull(old.peek("a1"));
        assertNull(old.peek("a2"));
        assertArrayEquals(new byte[] {3}, old.peek("b1"));
        assertEquals(1, old.stats().items());
    }

    @Test
    void theNewOwnerTakesAnItemItKnowsNothingOfAndServesIt() {
        Memcache owner = cache();
        assertTrue(owner.handOver(item("k", 7)));
        MemcacheLookup hit = owner.get("k");
        assertTrue(hit.isHit());
        assertEquals("tag-7", hit.tag());
    }

    @Test
    void aKeyWrittenAtTheNewOwnerWithinTheWindowIsNotTakenAfterwards() {
        Memcache owner = cache();
        owner.invalidate("deleted"); // a delete, or a row of the write log
        owner.put("replaced", new byte[] {9}, "new");
        owner.settle("settled", "x");
        now.addAndGet(Memcache.HANDOFF_WINDOW_NANOS - 1);
        assertFalse(owner.handOver(item("deleted", 1)), "a late handoff never brings a deleted key back");
        assertFalse(owner.handOver(item("replaced", 1)), "nor replaces a newer upload");
        assertFalse(owner.handOver(item("settled", 1)));
        assertArrayEquals(new byte[] {9}, owner.peek("replaced"));
        assertNull(owner.peek("deleted"));
        now.addAndGet(2);
        assertTrue(owner.handOver(item("deleted", 2)), "once the window has passed the write is known everywhere");
    }

    @Test
    void anItemOfTheContentTheLatelyWritesGaveTheKeyIsTaken() {
        Memcache owner = cache();
        owner.settle("uploaded", "tag-1");
        owner.supersede("uploaded", "tag-1", 0); // the same upload's write log row
        owner.settle("uploaded twice", "tag-1");
        owner.settle("uploaded twice", "tag-2");
        owner.supersede("uploaded then deleted", "tag-1");
        owner.supersede("uploaded then deleted", null);
        assertFalse(owner.handOver(item("uploaded", 2)), "bytes other than the upload's are older");
        assertTrue(owner.handOver(item("uploaded", 1)), "the upload's own bytes are current");
        assertEquals("tag-1", owner.get("uploaded").tag());
        assertFalse(owner.handOver(item("uploaded twice", 2)), "writes that disagree: neither may be the last");
        assertFalse(owner.handOver(item("uploaded then deleted", 1)));
    }

    @Test
    void aWriteLogRowForAKeyNotHeldKeepsItsHandoffOut() {
        Memcache owner = cache();
        owner.supersede("k", "newer");
        assertFalse(owner.handOver(item("k", 1)));
    }

    @Test
    void aKeyItHoldsOrDoesNotOwnIsNotTaken() {
        Memcache owner = cache();
        owner.handOver(item("held", 1));
        assertFalse(owner.handOver(item("held", 2)));
        assertEquals("tag-1", owner.get("held").tag());
        owner.holdOnly(key -> !key.startsWith("elsewhere"));
        assertFalse(owner.handOver(item("elsewhere-1", 1)));
        assertFalse(owner.owns("elsewhere-1"));
        assertTrue(owner.owns("mine"));
    }

    @Test
    void afterAClearNoHandoffIsTakenForTheWindow() {
        Memcache owner = cache();
        owner.clear();
        assertFalse(owner.handOver(item("k", 1)));
        now.addAndGet(Memcache.HANDOFF_WINDOW_NANOS + 1);
        assertTrue(owner.handOver(item("k", 1)));
    }

    @Test
    void aNodeThatStartsFollowingTheWriteLogAgainDropsItsItemsButTakesHandoffs() {
        Memcache owner = cache();
        owner.put("k", new byte[] {1}, "t");
        now.addAndGet(Memcache.HANDOFF_WINDOW_NANOS + 1);
        owner.restart();
        assertNull(owner.peek("k"));
        assertTrue(owner.handOver(item("k", 2)));
    }

    @Test
    void tooManyWritesToTrackKeepEveryHandoffOutUntilTheForgottenOnesAreOld() {
        Memcache owner = cache();
        for (int i = 0; i <= Memcache.MAX_LEASES; i++) {
            owner.invalidate("w" + i);
        }
        assertFalse(owner.handOver(item("never-written", 1)), "the forgotten write may have been this key's");
        now.addAndGet(Memcache.HANDOFF_WINDOW_NANOS + 1);
        assertTrue(owner.handOver(item("never-written", 1)));
    }

    @Test
    void aBatchTravelsWhole() throws IOException {
        List<HandedOffEntry> batch = List.of(item("ключ/1", 1), new HandedOffEntry("no tag", new byte[0], null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HandedOffEntry.write(batch, out);
        List<HandedOffEntry> read = HandedOffEntry.read(new ByteArrayInputStream(out.toByteArray()), 100);
        assertEquals(2, read.size());
        assertEquals("ключ/1", read.get(0).key());
        assertArrayEquals(batch.get(0).value(), read.get(0).value());
        assertEquals("tag-1", read.get(0).tag());
        assertNull(read.get(1).tag());
        byte[] whole = out.toByteArray();
        assertThrows(
                IOException.class,
                () -> HandedOffEntry.read(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 3)), 100),
                "cut short");
        assertThrows(
                IOException.class,
                () -> HandedOffEntry.read(new ByteArrayInputStream(whole), 5),
                "more bytes than the node's capacity");
    }
}
