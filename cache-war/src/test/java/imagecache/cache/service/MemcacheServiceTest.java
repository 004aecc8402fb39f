package imagecache.cache.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.cache.ReplacementPolicy;
import imagecache.memcache.protocol.LeaveAnswer;
import imagecache.memcache.protocol.MemcacheProtocol;
import imagecache.memcache.protocol.TraceKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The memcache's owner: its curve on or off, and a configuration applied whole. */
class MemcacheServiceTest {

    private static final byte[] VALUE = "image".getBytes(StandardCharsets.UTF_8);

    @Test
    void theCurveCountsReadsAndStoresAndWritesItsTrace() throws IOException {
        MemcacheService memcache = Beans.memcache(1.0);
        memcache.fill("a", VALUE, "t", memcache.get("a").lease());
        memcache.get("a");
        CurveNow curve = memcache.curve();
        assertEquals(2, curve.reads());
        assertEquals(6, curve.points().size());
        StringBuilder trace = new StringBuilder();
        assertTrue(memcache.writeTrace(trace));
        assertEquals(TraceKeys.HEADER + "\na\t5\na\t5\n", trace.toString());
        memcache.clear();
        assertEquals(0, memcache.curve().reads());
    }

    @Test
    void aCurveSwitchedOffHasNoPointsAndNoTraceAndTheMemcacheWorksAlike() throws IOException {
        MemcacheService memcache = Beans.memcache(0);
        assertTrue(memcache.put("a", VALUE, "t"));
        assertTrue(memcache.get("a").isHit());
        memcache.clear();
        assertFalse(memcache.contains("a"));
        assertEquals(new CurveNow(0, 0, 0, List.of()), memcache.curve());
        StringBuilder trace = new StringBuilder();
        assertFalse(memcache.writeTrace(trace));
        assertEquals("", trace.toString());
    }

    @Test
    void aConfigurationIsAppliedWholeAndTheNodeIsLocalUntilItJoinsAPool() {
        MemcacheService memcache = Beans.memcache(1.0);
        assertEquals(new MemcacheSettings(10, ReplacementPolicy.LRU), memcache.settings());
        memcache.apply(new MemcacheSettings(3, ReplacementPolicy.RANDOM));
        assertEquals(new MemcacheSettings(3, ReplacementPolicy.RANDOM), memcache.settings());
        assertEquals(3L * MemcacheSettings.BYTES_PER_MB, memcache.stats().capacityBytes());
        assertEquals(MemcacheProtocol.LOCAL_NODE, memcache.node());
        PoolNode.Refused outside = assertThrows(PoolNode.Refused.class, memcache::leavePool);
        assertEquals("This cache WAR is not a node of a pool", outside.getMessage());
        memcache.joinPool("node-1", key -> true, () -> new LeaveAnswer("node-1", 0, 0));
        assertEquals("node-1", memcache.node());
    }
}
