package imagecache.frontend.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import imagecache.frontend.domain.ImageCacheException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemcacheAdminTest {

    @Test
    void capacityIsAPositiveWholeNumberOfMegabytes() {
        assertEquals(1, MemcacheAdmin.parseCapacity("1"));
        assertEquals(2048, MemcacheAdmin.parseCapacity(" 2048 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "+5", "1.5", "abc", "", "99999999999", "1e3", "0x10", "\u0661", "000"})
    void anythingElseIsRefused(String text) {
        ImageCacheException refused = assertThrows(ImageCacheException.class, () -> MemcacheAdmin.parseCapacity(text));
        assertEquals(400, refused.reason().status());
        assertEquals("capacityMB must be a positive integer, not '" + text + "'", refused.getMessage());
    }
}
