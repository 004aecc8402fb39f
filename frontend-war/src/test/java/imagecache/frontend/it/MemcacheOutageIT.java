package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The front end reaches its memcache through a relay the test cuts and restores: images keep
 * working from the database and disk, the memcache calls say 503, and when it is back no image
 * that changed meanwhile is served stale from it.
 */
class MemcacheOutageIT {

    @Test
    void withoutTheMemcacheImagesWorkAndWhenItIsBackNothingStaleIsServed() throws Exception {
        Path work = ItConfig.workDir().resolve("memcache-outage-" + System.nanoTime());
        int port = PayaraServer.freePort();
        try (TcpProxy proxy = new TcpProxy(port);
                PayaraServer server = PayaraServer.startOnPort(
                        work,
                        Map.of(
                                "DATA_DIR",
                                work.resolve("data").toString(),
                                "CACHE_URL",
                                "http://127.0.0.1:" + proxy.port() + "/cache"),
                        port)) {
            ApiClient api = server.api();
            byte[] first = TestImages.png(12, 12, 1);
            byte[] second = TestImages.png(12, 12, 2);
            byte[] gone = TestImages.png(12, 12, 3);
            assertTrue(api.upload("changes", first).succeeded());
            assertTrue(api.upload("deleted", gone).succeeded());
            assertTrue(read(api, "changes").getBoolean("cached"), "in the memcache");

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
