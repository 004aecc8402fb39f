package imagecache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The curve's sample of keys: by hash, bounded, and always exactly the keys below its threshold. */
class KeySampleTest {

    private static final double HASH_SCALE = Math.pow(2, KeySample.HASH_BITS);

    /** The keys in a sample, offered as the curve offers them, and those that left it. */
    private static final class Offers {
        final KeySample sample;
        final Set<String> in = new HashSet<>();
        final List<String> left = new ArrayList<>();

        Offers(KeySample sample) {
            this.sample = sample;
        }

        /** Whether the key is in the sample after it was offered. */
        boolean offer(String key) {
            long hash = KeySample.hash(key);
            if (!sample.admits(hash)) {
                return false;
            }
            if (sample.get(key) != null) {
                return true;
            }
            SampledKey entry = sample.admit(key, hash, leaving -> {
                in.remove(leaving.name);
                left.add(leaving.name);
            });
            if (entry != null) {
                in.add(key);
            }
            return entry != null;
        }
    }

    /** A key whose hash is between the two fractions of the largest. */
    static String keyWithHashBetween(double from, double to) {
        for (int i = 0; ; i++) {
            String key = "key-" + i;
            double fraction = KeySample.hash(key) / HASH_SCALE;
            if (fraction >= from && fraction < to) {
                return key;
            }
        }
    }

    @Test
    void theSampleStaysWithinItsKeysAndIsExactlyTheKeysBelowTheThreshold() {
        Offers offers = new Offers(new KeySample(1.0, 100));
        for (int i = 0; i < 5_000; i++) {
            offers.offer("k" + i);
            assertTrue(offers.in.size() <= 100);
        }
        double rate = offers.sample.rate();
        // about 100 of 5,000 keys
        assertTrue(rate > 0.01 && rate < 0.04, "rate " + rate);
        int earliest = -1;
        for (int i = 0; i < 5_000; i++) {
            String key = "k" + i;
            boolean below = KeySample.hash(key) < rate * HASH_SCALE;
            assertEquals(below, offers.in.contains(key), key);
            assertEquals(below, offers.sample.get(key) != null, key);
            assertEquals(below, offers.sample.admits(KeySample.hash(key)), key);
            if (below && earliest < 0) {
                earliest = i;
            }
        }
        assertTrue(offers.in.size() > 90, offers.in.size() + " keys");
        // no key is forgotten for having been offered long ago, and a key that left is not sampled again
        assertNotNull(offers.sample.get("k" + earliest));
        for (String left : offers.left) {
            assertFalse(offers.offer(left), left);
        }
    }

    @Test
    void whenTheSampleIsFullTheLargestHashLeavesAndTheRateDropsToIt() {
        String a = keyWithHashBetween(0, 0.5);
        String b = keyWithHashBetween(0.9, 1);
        String c = keyWithHashBetween(0.5, 0.9);
        Offers offers = new Offers(new KeySample(1.0, 2));
        assertTrue(offers.offer(a) && offers.offer(b));
        assertEquals(1.0, offers.sample.rate());
        assertTrue(offers.offer(c));
        assertEquals(List.of(b), offers.left);
        assertEquals(KeySample.hash(b) / HASH_SCALE, offers.sample.rate());
        assertFalse(offers.sample.admits(KeySample.hash(b)));
        assertNull(offers.sample.get(b));
        assertEquals(Set.of(a, c), offers.in);
    }

    @Test
    void keysOfEqualHashLeaveTogether() {
        // "Aa" and "BB" have the same hashCode, and so does each with the same suffix
        String suffix = "";
        for (int i = 0; KeySample.hash("Aa" + suffix) / HASH_SCALE < 0.5; i++) {
            suffix = "-" + i;
        }
        String first = "Aa" + suffix;
        String second = "BB" + suffix;
        String lower = keyWithHashBetween(0, 0.5);
        Offers offers = new Offers(new KeySample(1.0, 2));
        offers.offer(first);
        offers.offer(second);
        assertEquals(2, offers.in.size());
        offers.offer(lower);
        assertEquals(Set.of(lower), offers.in);
        assertEquals(KeySample.hash(first) / HASH_SCALE, offers.sample.rate());
        assertFalse(offers.sample.admits(KeySample.hash(first)) || offers.sample.admits(KeySample.hash(second)));
        // a new key of the sample's largest hash leaves with it
        Offers single = new Offers(new KeySample(1.0, 1));
        single.offer(first);
        assertFalse(single.offer(second));
        assertEquals(Set.of(), single.in);
        assertEquals(List.of(first), single.left);
        assertEquals(KeySample.hash(first) / HASH_SCALE, single.sample.rate());
    }

    @Test
    void aKeyIsSampledAlwaysOrNeverAtAboutTheRate() {
        KeySample sample = new KeySample(0.1, 16_384);
        int sampled = 0;
        for (int i = 0; i < 100_000; i++) {
            String key = "img-" + i;
            boolean once = sample.admits(KeySample.hash(key));
            assertEquals(once, sample.admits(KeySample.hash(key)));
            sampled += once ? 1 : 0;
        }
        // 10,000 expected, give or take 95
        assertEquals(10_000, sampled, 500);
        assertEquals(0.1, sample.rate(), 1e-7);
        assertTrue(new KeySample(1.0, 1).admits(KeySample.hash("anything")));
    }

    @Test
    void aClearedSampleIsEmptyAndSamplesAtTheLargestRateAgain() {
        Offers offers = new Offers(new KeySample(0.5, 10));
        for (int i = 0; i < 1_000; i++) {
            offers.offer("k" + i);
        }
        assertTrue(offers.sample.rate() < 0.1, "rate " + offers.sample.rate());
        offers.sample.clear();
        assertEquals(0.5, offers.sample.rate(), 1e-12);
        for (int i = 0; i < 1_000; i++) {
            String key = "k" + i;
            assertNull(offers.sample.get(key));
            assertEquals(KeySample.hash(key) < 0.5 * HASH_SCALE, offers.sample.admits(KeySample.hash(key)), key);
        }
    }

    @Test
    void aRateOutsideZeroToOneOrNoKeysIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new KeySample(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new KeySample(1.5, 10));
        assertThrows(IllegalArgumentException.class, () -> new KeySample(Double.NaN, 10));
        assertThrows(IllegalArgumentException.class, () -> new KeySample(1.0, 0));
    }
}
