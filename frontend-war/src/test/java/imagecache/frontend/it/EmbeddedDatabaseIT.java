package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The default a user gets from {@code ./start.sh} with no database configured: an embedded
 * database under DATA_DIR, which keeps images and the memcache configuration across a restart.
 * Runs the server as a process, since a restart is the point.
 */
class EmbeddedDatabaseIT {

    @Test
    void withoutDbUrlTheDataAndTheMemcacheConfigurationSurviveARestart() throws Exception {
        Path work = ItConfig.workDir().resolve("embedded-" + System.nanoTime());
        Path dataDir = work.resolve("data");
        Map<String, String> env = Map.of("DATA_DIR", dataDir.toString());
        byte[] image = TestImages.png(16, 16, 16);

        try (PayaraServer server = PayaraServer.start(work, env)) {
            ApiClient api = server.api();
            assertTrue(api.upload("kept across restarts", image).succeeded());
            assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "3", "policy", "RANDOM"))
                    .succeeded());
            // the memcache is reached on this random port: the default CACHE_URL follows the real port
            assertEquals(200, api.get("/api/cache/stats").status());
        }
        assertTrue(Files.exists(dataDir.resolve("db/imagecache.mv.db")), "the embedded database lives in DATA_DIR");
        assertTrue(Files.exists(dataDir.resolve("images").resolve(ApiIT.sha256(image) + ".png")));

        try (PayaraServer server = PayaraServer.start(work, env)) {
            ApiClient api = server.api();
            JsonObject config = api.get("/api/cache/config").json();
            assertEquals(3, config.getInt("capacityMB"), "capacity restored from the database");
            assertEquals("RANDOM", config.getString("policy"), "policy restored from the database");
            JsonObject read = api.get("/api/key/" + ApiClient.encode("kept across restarts"))
                    .json();
            assertArrayEquals(image, Base64.getDecoder().decode(read.getString("content")));
            assertFalse(read.getBoolean("cached"), "the memcache starts empty");
            assertEquals(
                    3L * 1024 * 1024,
                    api.get("/api/cache/stats")
                            .json()
                            .getJsonObject("stats")
                            .getJsonNumber("capacityBytes")
                            .longValue());
        }
    }

    @Test
    void withTheMemcacheUnreachableImagesStillWorkAndStatsSay503() {
        Path work = ItConfig.workDir().resolve("no-cache-" + System.nanoTime());
        // nothing listens on port 9 of this machine
        Map<String, String> env =
                Map.of("DATA_DIR", work.resolve("data").toString(), "CACHE_URL", "http://127.0.0.1:9/cache");
        byte[] image = TestImages.png(12, 12, 1212);
        try (PayaraServer server = PayaraServer.startWithoutCache(work, env)) {
            ApiClient api = server.api();
            assertTrue(api.upload("served from disk", image).succeeded());
            JsonObject read =
                    api.get("/api/key/" + ApiClient.encode("served from disk")).json();
            assertArrayEquals(image, Base64.getDecoder().decode(read.getString("content")));
            assertFalse(read.getBoolean("cached"));
            assertArrayEquals(
                    image,
                    api.get("/images/" + ApiClient.encode("served from disk")).body());
            for (String path : new String[] {"/api/cache/stats", "/api/cache/config"}) {
                ApiClient.Answer answer = api.get(path);
                assertEquals(503, answer.status(), path);
                assertTrue(
                        answer.errorMessage().startsWith("Memcache unavailable at http://127.0.0.1:9/cache"),
                        answer.errorMessage());
            }
            assertEquals(503, api.post("/api/cache/clear").status());
            assertEquals(
                    503,
                    api.postForm("/api/cache/config", Map.of("capacityMB", "5")).status());
        }
    }
}
