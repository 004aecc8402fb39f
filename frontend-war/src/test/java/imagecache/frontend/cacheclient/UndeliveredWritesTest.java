package imagecache.frontend.cacheclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.domain.ImageKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What the front end owes the memcache after writes that did not arrive. */
class UndeliveredWritesTest {

    private final UndeliveredWrites undelivered = new UndeliveredWrites();
    private final List<String> dropped = new ArrayList<>();
    private int clears;

    private void deliver() {
        undelivered.deliver(key -> dropped.add(key.value()), () -> {
            clears++;
            undelivered.cleared();
        });
    }

    @Test
    void eachMissedKeyIsDroppedOnceWhenTheMemcacheIsBack() {
        assertTrue(undelivered.isEmpty());
        undelivered.missed(ImageKey.of("a"));
        undelivered.missed(ImageKey.of("b"));
        undelivered.missed(ImageKey.of("a"));
        assertFalse(undelivered.isEmpty());

        deliver();
        assertEquals(Set.of("a", "b"), new TreeSet<>(dropped));
        assertEquals(2, dropped.size());
        assertEquals(0, clears);
        assertTrue(undelivered.isEmpty());
        deliver();
        assertEquals(2, dropped.size(), "nothing owed twice");
    }

    @Test
    void aDropThatFailsKeepsThatKeyAndTheRestForLater() {
        undelivered.missed(ImageKey.of("a"));
        undelivered.missed(ImageKey.of("b"));
        RuntimeException away = new RuntimeException("memcache away");
        assertThrows(
                RuntimeException.class,
                () -> undelivered.deliver(
                        key -> {
                            throw away;
                        },
                        () -> {}));
        assertFalse(undelivered.isEmpty());

        deliver();
        assertEquals(Set.of("a", "b"), new TreeSet<>(dropped));
        assertTrue(undelivered.isEmpty());
    }

    @Test
    void tooManyMissedKeysClearTheWholeMemcacheInstead() {
        for (int i = 0; i <= UndeliveredWrites.MAX_KEYS; i++) {
            undelivered.missed(ImageKey.of("k" + i));
        }
        deliver();
        assertEquals(1, clears);
        assertEquals(List.of(), dropped, "one clear instead of ten thousand drops");
        assertTrue(undelivered.isEmpty());
    }

    @Test
    void aMissedClearIsMadeUpBeforeAnythingElse() {
        undelivered.missed(ImageKey.of("a"));
        undelivered.missedClear();
        deliver();
        assertEquals(1, clears);
        assertEquals(List.of(), dropped, "the clear covers the key");
        assertTrue(undelivered.isEmpty());
    }

    @Test
    void aClearThatFailsStaysOwed() {
        undelivered.missedClear();
        assertThrows(
                IllegalStateException.class,
                () -> undelivered.deliver(key -> {}, () -> {
                    throw new IllegalStateException("memcache away");
                }));
        assertFalse(undelivered.isEmpty());
        deliver();
        assertEquals(1, clears);
    }
}
