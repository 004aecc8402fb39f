package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache WAR's own protocol, {@code /cache/api/entries}, called directly as the front end calls
 * it: misses with a lease, bad keys and leases refused.
 */
class CacheWarProtocolIT {

    @RegisterExtension
    static final StartedServers server = ApiChecks.server();

    private final ApiClient api = server.api();

    @BeforeEach
    void defaultConfiguration() {
        assertTrue(api.post("/api/cache/refresh").succeeded());
    }

    @Test
    void theCacheWarsEntriesAnswerMissesWithNoContentAndALeaseAndRefuseBadInput() {
        String entries = "/cache/api/entries/";
        String unknown =
                Base64.getUrlEncoder().withoutPadding().encodeToString("never-cached".getBytes(StandardCharsets.UTF_8));
        Answer miss = api.get(entries + unknown);
        assertEquals(204, miss.status());
        assertTrue(Long.parseLong(miss.header("Cache-Lease")) > 0, "a miss hands out a lease");
        assertEquals(404, api.method("HEAD", entries + unknown).status());
        Answer badKey = api.get(entries + "not*base64");
        assertEquals(400, badKey.status());
        assertEquals("Key is not base64url: not*base64", badKey.json().getString("error"));
        Answer badLease = api.method("PUT", entries + unknown + "?lease=soon");
        assertEquals(400, badLease.status());
        assertEquals("Lease is not a number", badLease.json().getString("error"));
        assertEquals(400, api.get(entries).status(), "no key");
    }
}
