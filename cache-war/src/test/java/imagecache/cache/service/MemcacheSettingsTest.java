package imagecache.cache.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import imagecache.cache.ReplacementPolicy;
import org.junit.jupiter.api.Test;

/** The one rule for a valid configuration, as the API, the environment and the database give it. */
class MemcacheSettingsTest {

    @Test
    void aPositiveCapacityAndAKnownPolicyInAnyCaseMakeSettings() {
        assertEquals(new MemcacheSettings(7, ReplacementPolicy.RANDOM), MemcacheSettings.of(7, " rr "));
        assertEquals(new MemcacheSettings(1, ReplacementPolicy.LRU), MemcacheSettings.of(1, "lru"));
        assertEquals(7L * 1024 * 1024, MemcacheSettings.of(7, "LRU").capacityBytes());
    }

    @Test
    void aMissingOrNonPositiveCapacityIsRefused() {
        assertEquals(
                "capacityMB must be a positive integer",
                assertThrows(IllegalArgumentException.class, () -> MemcacheSettings.of(null, "LRU"))
                        .getMessage());
        assertEquals(
                "capacityMB must be a positive integer, not 0",
                assertThrows(IllegalArgumentException.class, () -> MemcacheSettings.of(0, "LRU"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> MemcacheSettings.of(-3, "LRU"));
    }

    @Test
    void anUnknownOrMissingPolicyIsRefusedNamingTheKnownOnes() {
        assertEquals(
                "policy must be one of LRU, RANDOM (or RR), TINYLFU, not 'LFU'",
                assertThrows(IllegalArgumentException.class, () -> MemcacheSettings.of(5, "LFU"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> MemcacheSettings.of(5, null));
        assertThrows(IllegalArgumentException.class, () -> MemcacheSettings.of(5, ""));
    }
}
