package imagecache.frontend.cacheclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MemcacheClientTest {

    @Test
    void aMissesLeaseIsReadFromItsHeader() {
        assertEquals(42, MemcacheClient.lease("42"));
        assertEquals(7, MemcacheClient.lease(" 7 "));
    }

    @Test
    void aMissingOrMalformedLeaseMeansNoFillInsteadOfAFailedRead() {
        assertEquals(0, MemcacheClient.lease(null));
        assertEquals(0, MemcacheClient.lease("soon"));
        assertEquals(0, MemcacheClient.lease("99999999999999999999"));
    }
}
