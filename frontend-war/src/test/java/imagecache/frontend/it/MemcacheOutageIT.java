package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The front end reaches its memcache through a relay the test cuts and restores. Started while the
 * memcache is away, and again when it goes away later: images keep working from the database and
 * disk, the memcache calls say 503 naming where it was looked for, and when it is back it is used
 * without a restart and no image that changed meanwhile is served stale from it.
 */
class MemcacheOutageIT {

    @RegisterExtension
    static final StartedServers servers = StartedServers.own();

    @Test
    void withoutTheMemcacheImagesWorkAndWhenItIsBackNothingStaleIsServed() throws Exception {
        int port = PayaraServer.freePort();
        try (TcpProxy proxy = new TcpProxy(port)) {
            String cacheUrl = "http://127.0.0.1:" + proxy.port() + "/cache";
            proxy.cut();
            ApiClient api =
                    servers.startFrontEnd(Map.of("CACHE_URL", cacheUrl), port).api();

            // started without its memcache
            byte[] first = TestImages.png(12, 12, 1);
            assertTrue(api.upload("changes", first).succeeded(), "uploads work without the memcache");
            JsonObject fromDisk = read(api, "changes");
            assertFalse(fromDisk.getBoolean("cached"));
            assertArrayEquals(first, Base64.getDecoder().decode(fromDisk.getString("content")));
            assertArrayEquals(first, api.get("/images/changes").body());
            for (String path : new String[] {"/api/cache/stats", "/api/cache/config"}) {
                ApiClient.Answer answer = api.get(path);
                assertEquals(503, answer.status(), path);
                assertTrue(
                        answer.errorMessage().startsWith("Memcache unavailable at " + cacheUrl), answer.errorMessage());
            }
            assertEquals(503, api.post("/api/cache/clear").status());
            assertEquals(
                    503,
                    api.postForm("/api/cache/config", Map.of("capacityMB", "5")).status());
            assertEquals(503, api.get("/health/ready").status());

            // the memcache comes: used at once
            proxy.restore();
            byte[] second = TestImages.png(12, 12, 2);
            byte[] gone = TestImages.png(12, 12, 3);
            assertEquals(200, api.get("/api/cache/stats").status(), "found without a restart");
            assertFalse(read(api, "changes").getBoolean("cached"), "read from disk, then kept");
            assertTrue(read(api, "changes").getBoolean("cached"), "in the memcache");
            assertTrue(api.upload("deleted", gone).succeeded());
            assertTrue(read(api, "deleted").getBoolean("cached"), "in the memcache");

            // and goes away again
            proxy.cut();
            assertTrue(api.upload("changes", second).succeeded(), "uploads go on without the memcache");
            assertTrue(api.delete("/api/key/deleted").succeeded(), "deletes too");
            JsonObject during = read(api, "changes");
            assertFalse(during.getBoolean("cached"));
            assertArrayEquals(second, Base64.getDecoder().decode(during.getString("content")));
            ApiClient.Answer stats = api.get("/api/cache/stats");
            assertEquals(503, stats.status());
            assertTrue(stats.errorMessage().startsWith("Memcache unavailable"));
            assertEquals(503, api.get("/health/ready").status());

            proxy.restore();
            // the memcache still holds the first image and the deleted one: neither may be served
            JsonObject after = read(api, "changes");
            assertArrayEquals(second, Base64.getDecoder().decode(after.getString("content")), "no stale image");
            assertEquals(404, api.get("/api/key/deleted").status(), "no deleted image");
            assertArrayEquals(second, api.get("/images/changes").body());
            assertEquals(200, api.get("/api/cache/stats").status(), "recovered by itself");
            assertTrue(read(api, "changes").getBoolean("cached"), "and in use again");
        }
    }

    private static JsonObject read(ApiClient api, String key) {
        ApiClient.Answer answer = api.get("/api/key/" + key);
        assertEquals(200, answer.status(), new String(answer.body(), StandardCharsets.UTF_8));
        return answer.json();
    }
}
