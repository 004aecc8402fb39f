package imagecache.frontend.cacheclient;

import imagecache.frontend.domain.ImageKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Keys whose memcache write could not be delivered (the memcache was unreachable). The memcache may
 * still hold their old image, so each is dropped there before the memcache is used again. Past
 * {@link #MAX_KEYS} keys, or after a clear that did not arrive, the whole memcache is cleared instead.
 */
final class UndeliveredWrites {

    static final int MAX_KEYS = 10_000;

    private final Set<ImageKey> keys = ConcurrentHashMap.newKeySet();
    private volatile boolean clearEverything;

    /** A write of this key did not arrive. */
    void missed(ImageKey key) {
        keys.add(key);
        if (keys.size() > MAX_KEYS) {
            clearEverything = true;
        }
    }

    /** A clear did not arrive. */
    void missedClear() {
        clearEverything = true;
    }

    /** The memcache was cleared: nothing old is left in it. */
    void cleared() {
        clearEverything = false;
        keys.clear();
    }

    boolean isEmpty() {
        return !clearEverything && keys.isEmpty();
    }

    /**
     * Delivers what is pending, with {@code clear} when everything must go (it reports back through
     * {@link #cleared()}), else with {@code drop} per key. A failure is thrown on; what was not
     * delivered stays pending.
     */
    void deliver(Consumer<ImageKey> drop, Runnable clear) {
        if (clearEverything) {
            clear.run();
            return;
        }
        for (ImageKey key : keys) {
            drop.accept(key);
            keys.remove(key);
        }
    }
}
