package imagecache.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of random operations on the memcache and on a deliberately simple reference model,
 * comparing every answer. Under LRU the model is exact (an access-ordered map scanned from its
 * oldest end); under RANDOM and TINYLFU the victims cannot be predicted, so the model checks that
 * whatever is cached is the latest value of its key and that the accounting matches the content.
 */
class MemcacheModelTest {

    /** The content hash the front end stores beside each value; these tests do not look at it. */
    private static final String TAG = "sha256";

    private static final String[] KEYS = new String[40];

    static {
        for (int i = 0; i < KEYS.length; i++) {
            KEYS[i] = "key-" + i;
        }
    }

    /** The LRU reference: least recently used first, linear scans, no cleverness. */
    private static final class LruModel {
        final LinkedHashMap<String, byte[]> items = new LinkedHashMap<>(16, 0.75f, true);
        long capacity;
        long requests, hits, misses, evictions;

        LruModel(long capacity) {
            this.capacity = capacity;
        }

        long bytes() {
            return items.values().stream().mapToLong(v -> v.length).sum();
        }

        byte[] get(String key) {
            requests++;
            byte[] value = items.get(key);
            if (value == null) {
                misses++;
            } else {
                hits++;
            }
            return value;
        }

        void put(String key, byte[] value) {
            items.remove(key);
            if (value.length > capacity) {
                return;
            }
            evictUntil(capacity - value.length);
            items.put(key, value);
        }

        void resize(long newCapacity) {
            capacity = newCapacity;
            evictUntil(capacity);
        }

        private void evictUntil(long limit) {
            Iterator<String> oldestFirst = items.keySet().iterator();
            while (bytes() > limit) {
                oldestFirst.next();
                oldestFirst.remove();
                evictions++;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void lru_matchesTheReferenceModelOnEveryOperation(long seed) {
        Random random = new Random(seed);
        Memcache cache = new Memcache(2_000, ReplacementPolicy.LRU);
        LruModel model = new LruModel(2_000);
        Map<String, Long> leases = new HashMap<>();
        for (int op = 0; op < 5_000; op++) {
            String key = KEYS[random.nextInt(KEYS.length)];
            int choice = random.nextInt(100);
            if (choice < 45) {
                MemcacheLookup lookup = cache.get(key);
                byte[] expected = model.get(key);
                if (expected == null) {
                    assertTrue(!lookup.isHit(), "op " + op + ": hit on " + key + " which the model lacks");
                    leases.put(key, lookup.lease());
                } else {
                    assertArrayEquals(expected, lookup.value(), "op " + op + ": wrong value for " + key);
                }
            } else if (choice < 75) {
                byte[] value = randomValue(random, 400);
                cache.put(key, value, TAG);
                model.put(key, value);
                leases.remove(key);
            } else if (choice < 85) {
                Long lease = leases.remove(key);
                if (lease != null) {
                    byte[] value = randomValue(random, 400);
                    // the lease is still valid: nothing wrote the key since its miss
                    assertTrue(cache.fill(key, value, TAG, lease) == (value.length <= model.capacity));
                    model.put(key, value);
                }
            } else if (choice < 93) {
                cache.invalidate(key);
                model.items.remove(key);
                leases.remove(key);
            } else if (choice < 98) {
                long capacity = 200 + random.nextInt(3_000);
                cache.resize(capacity);
                model.resize(capacity);
            } else {
                cache.clear();
                model.items.clear();
                leases.clear();
            }
            MemcacheStats stats = cache.stats();
            assertEquals(model.items.size(), stats.items(), "op " + op + ": items");
            assertEquals(model.bytes(), stats.bytes(), "op " + op + ": bytes");
            assertEquals(model.requests, stats.requests(), "op " + op);
            assertEquals(model.hits, stats.hits(), "op " + op);
            assertEquals(model.misses, stats.misses(), "op " + op);
            assertEquals(model.evictions, stats.evictions(), "op " + op + ": evictions");
        }
        for (String key : KEYS) {
            assertArrayEquals(model.items.get(key), cache.peek(key), key);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void random_keepsOnlyLatestValuesAndExactAccounting(long seed) {
        Random random = new Random(seed);
        Memcache cache = new Memcache(2_000, ReplacementPolicy.RANDOM, new Random(seed * 31));
        Map<String, byte[]> latest = new HashMap<>();
        long requests = 0;
        long hits = 0;
        for (int op = 0; op < 5_000; op++) {
            String key = KEYS[random.nextInt(KEYS.length)];
            int choice = random.nextInt(100);
            if (choice < 50) {
                requests++;
                MemcacheLookup lookup = cache.get(key);
                if (lookup.isHit()) {
                    hits++;
                    assertArrayEquals(latest.get(key), lookup.value(), "op " + op + ": stale value for " + key);
                }
            } else if (choice < 85) {
                byte[] value = randomValue(random, 400);
                long before = cache.stats().bytes() - sizeOf(cache.peek(key));
                long evictionsBefore = cache.stats().evictions();
                cache.put(key, value, TAG);
                latest.put(key, value);
                if (before + value.length <= cache.capacityBytes()) {
                    assertEquals(evictionsBefore, cache.stats().evictions(), "op " + op + ": needless eviction");
                    assertArrayEquals(value, cache.peek(key));
                }
            } else if (choice < 95) {
                cache.invalidate(key);
                latest.remove(key);
                assertNull(cache.peek(key));
            } else {
                cache.resize(200 + random.nextInt(3_000));
            }
            assertHoldsLatestValuesWithinCapacity(cache, latest, op, requests, hits);
        }
    }

    /**
     * TINYLFU's victims depend on its counts, so like RANDOM it is checked by what must hold whatever
     * it evicts, here with every operation of the memcache: fills with live and cancelled leases,
     * settles, and switches to and from the other policies, which must keep the content.
     */
    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25})
    void tinyLfu_keepsOnlyLatestValuesHonoursLeasesAndAccountsExactly(long seed) {
        Random random = new Random(seed);
        Memcache cache = new Memcache(2_000, ReplacementPolicy.TINYLFU, new Random(seed * 31));
        ReplacementPolicy policy = ReplacementPolicy.TINYLFU;
        Map<String, byte[]> latest = new HashMap<>();
        Map<String, String> latestTags = new HashMap<>();
        Set<String> filled = new HashSet<>(); // keys whose latest value a fill stored
        Map<String, Long> leases = new HashMap<>(); // from the key's last miss, nothing written since
        Map<String, Long> cancelled = new HashMap<>(); // overtaken by a later miss, a write or a clear
        long requests = 0;
        long hits = 0;
        for (int op = 0; op < 5_000; op++) {
            // a few keys are read far more often than the rest, so that admissions go both ways
            String key = KEYS[random.nextInt(random.nextBoolean() ? 8 : KEYS.length)];
            int choice = random.nextInt(100);
            if (choice < 45) {
                requests++;
                MemcacheLookup lookup = cache.get(key);
                if (lookup.isHit()) {
                    hits++;
                    assertSame(latest.get(key), lookup.value(), "op " + op + ": not the latest value of " + key);
                    assertEquals(latestTags.get(key), lookup.tag(), "op " + op);
                } else {
                    cancel(key, leases, cancelled);
                    leases.put(key, lookup.lease());
                }
            } else if (choice < 70) {
                byte[] value = randomValue(random, 400);
                String tag = "put-" + op;
                long before = cache.stats().bytes() - sizeOf(cache.peek(key));
                long evictionsBefore = cache.stats().evictions();
                boolean fits = value.length <= cache.capacityBytes();
                assertEquals(fits, cache.put(key, value, tag), "op " + op);
                cancel(key, leases, cancelled);
                remember(key, fits ? value : null, tag, false, latest, latestTags, filled);
                if (fits) {
                    assertSame(value, cache.peek(key), "op " + op + ": a value that fits is stored");
                }
                if (before + value.length <= cache.capacityBytes()) {
                    assertEquals(evictionsBefore, cache.stats().evictions(), "op " + op + ": needless eviction");
                }
            } else if (choice < 80) {
                byte[] value = randomValue(random, 400);
                String tag = "fill-" + op;
                Long lease = leases.remove(key);
                if (lease != null) {
                    boolean fits = value.length <= cache.capacityBytes();
                    assertEquals(fits, cache.fill(key, value, tag, lease), "op " + op + ": fill with a live lease");
                    remember(key, fits ? value : null, tag, true, latest, latestTags, filled);
                } else if (cancelled.containsKey(key)) {
                    byte[] cached = cache.peek(key);
                    assertFalse(
                            cache.fill(key, value, tag, cancelled.remove(key)),
                            "op " + op + ": fill with a lease a miss, write or clear overtook");
                    assertSame(cached, cache.peek(key), "op " + op);
                }
            } else if (choice < 87) {
                cache.invalidate(key);
                cancel(key, leases, cancelled);
                latest.remove(key);
                assertNull(cache.peek(key));
            } else if (choice < 92) {
                String tag = random.nextBoolean() && latestTags.containsKey(key) ? latestTags.get(key) : "another";
                boolean drops = cache.peek(key) != null && filled.contains(key) && !tag.equals(latestTags.get(key));
                assertEquals(drops, cache.settle(key, tag), "op " + op + ": settle " + tag);
                cancel(key, leases, cancelled);
                if (drops) {
                    latest.remove(key);
                }
            } else if (choice < 96) {
                cache.resize(200 + random.nextInt(3_000));
            } else if (choice < 99) {
                Map<String, byte[]> content = contentOf(cache);
                policy = random.nextBoolean()
                        ? ReplacementPolicy.TINYLFU
                        : random.nextBoolean() ? ReplacementPolicy.LRU : ReplacementPolicy.RANDOM;
                cache.switchPolicy(policy);
                assertEquals(content, contentOf(cache), "op " + op + ": switching to " + policy + " kept the content");
            } else {
                cache.clear();
                for (String k : KEYS) {
                    cancel(k, leases, cancelled);
                }
                latest.clear();
                assertTrue(contentOf(cache).isEmpty());
            }
            assertHoldsLatestValuesWithinCapacity(cache, latest, op, requests, hits);
            assertEquals(policy, cache.stats().policy());
        }
    }

    /** The key's live lease, if any, can no longer fill. */
    private static void cancel(String key, Map<String, Long> leases, Map<String, Long> cancelled) {
        Long lease = leases.remove(key);
        if (lease != null) {
            cancelled.put(key, lease);
        }
    }

    /** What a store of the key leaves: its value, or none when it did not fit (the older one goes too). */
    private static void remember(
            String key,
            byte[] stored,
            String tag,
            boolean byFill,
            Map<String, byte[]> latest,
            Map<String, String> latestTags,
            Set<String> filled) {
        if (stored == null) {
            latest.remove(key);
            return;
        }
        latest.put(key, stored);
        latestTags.put(key, tag);
        if (byFill) {
            filled.add(key);
        } else {
            filled.remove(key);
        }
    }

    /** The memcache's items by key, read without counting or reordering them. */
    private static Map<String, byte[]> contentOf(Memcache cache) {
        Map<String, byte[]> content = new HashMap<>();
        for (String key : KEYS) {
            byte[] value = cache.peek(key);
            if (value != null) {
                content.put(key, value);
            }
        }
        return content;
    }

    private static long sizeOf(byte[] value) {
        return value == null ? 0 : value.length;
    }

    private static byte[] randomValue(Random random, int maxLength) {
        byte[] value = new byte[random.nextInt(maxLength)];
        random.nextBytes(value);
        return value;
    }

    /**
     * What holds after every operation whatever the policy chose to evict: each cached value is the
     * key's latest one, the bytes and items add up, the capacity holds, and every read was counted.
     */
    private static void assertHoldsLatestValuesWithinCapacity(
            Memcache cache, Map<String, byte[]> latest, int op, long requests, long hits) {
        MemcacheStats stats = cache.stats();
        long sum = 0;
        int items = 0;
        for (String k : KEYS) {
            byte[] cached = cache.peek(k);
            if (cached != null) {
                assertSame(latest.get(k), cached, "op " + op + ": " + k + " is not its latest value");
                sum += cached.length;
                items++;
            }
        }
        assertTrue(stats.bytes() <= stats.capacityBytes(), "op " + op + ": over capacity");
        assertEquals(sum, stats.bytes(), "op " + op + ": bytes");
        assertEquals(items, stats.items(), "op " + op + ": items");
        assertEquals(requests, stats.requests());
        assertEquals(hits, stats.hits());
        assertEquals(requests - hits, stats.misses());
    }
}
