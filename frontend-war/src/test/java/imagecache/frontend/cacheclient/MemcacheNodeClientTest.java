package imagecache.frontend.cacheclient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MemcacheNodeClientTest {

    @Test
    void aMissesLeaseIsReadFromItsHeader() {
        assertEquals(42, MemcacheNodeClient.lease("42"));
        assertEquals(7, MemcacheNodeClient.lease(" 7 "));
    }

    @Test
    void aMissingOrMalformedLeaseMeansNoFillInsteadOfAFailedRead() {
        assertEquals(0, MemcacheNodeClient.lease(null));
        assertEquals(0, MemcacheNodeClient.lease("soon"));
        assertEquals(0, MemcacheNodeClient.lease("99999999999999999999"));
    }
}
