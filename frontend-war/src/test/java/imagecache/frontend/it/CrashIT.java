package imagecache.frontend.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The default a user gets from {@code ./start.sh} with no database configured (an embedded database
 * under DATA_DIR), killed (SIGKILL) in the middle of a stream of uploads, as a crash or a power cut
 * would: after the restart every confirmed upload is there with its whole file, and the memcache
 * configuration is the one set before.
 */
class CrashIT {

    @RegisterExtension
    static final StartedServers servers = StartedServers.own();

    @Test
    void killedMidUploadEveryConfirmedUploadAndTheConfigurationSurvive() throws Exception {
        Path data = servers.folder().resolve("data");
        Map<String, String> env = Map.of("DATA_DIR", data.toString());
        Map<String, String> confirmed = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();

        PayaraServer server = servers.start(env);
        ApiClient api = server.api();
        assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "3", "policy", "RANDOM"))
                .succeeded());
        // the memcache is reached on this random port: the default CACHE_URL follows the real port
        assertEquals(200, api.get("/api/cache/stats").status());
        ExecutorService uploaders = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            uploaders.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    int n = next.getAndIncrement();
                    byte[] image = TestImages.noisyPng(60_000, 9000 + n);
                    try {
                        Answer answer = api.upload("crash-" + n, image);
                        if (answer.succeeded()) {
                            confirmed.put("crash-" + n, TestImages.sha256(image));
                        }
                    } catch (RuntimeException connectionLost) {
                        return;
                    }
                }
            });
        }
        await("40 uploads confirmed")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> confirmed.size() >= 40);
        server.kill();
        uploaders.shutdownNow();
        assertTrue(uploaders.awaitTermination(60, TimeUnit.SECONDS));
        assertTrue(confirmed.size() >= 40, "uploads confirmed before the kill: " + confirmed.size());
        Path temp = data.resolve("images/.tmp");
        Files.writeString(temp.resolve("upload-left-by-a-crash.part"), "half an image");

        assertTrue(Files.exists(data.resolve("db/imagecache.mv.db")), "the embedded database lives in DATA_DIR");
        forgetSizesAndThumbnails(data);

        try (PayaraServer restarted = servers.start(env)) {
            ApiClient after = restarted.api();
            JsonObject config = after.get("/api/cache/config").json();
            assertEquals(3, config.getInt("capacityMB"), "capacity restored from the database");
            assertEquals("RANDOM", config.getString("policy"), "policy restored from the database");
            assertEquals(
                    3L * 1024 * 1024,
                    after.get("/api/cache/stats")
                            .json()
                            .getJsonObject("stats")
                            .getJsonNumber("capacityBytes")
                            .longValue());
            String someKey = confirmed.keySet().iterator().next();
            assertFalse(after.get("/api/key/" + someKey).json().getBoolean("cached"), "the memcache starts empty");
            List<JsonObject> rows =
                    after.get("/api/images").json().getJsonArray("images").getValuesAs(JsonObject.class);
            Map<String, String> stored = new ConcurrentHashMap<>();
            for (JsonObject row : rows) {
                Path file = data.resolve("images").resolve(row.getString("path"));
                assertTrue(Files.exists(file), row.getString("key") + " has its file");
                byte[] bytes = Files.readAllBytes(file);
                assertEquals(
                        row.getJsonNumber("bytes").longValue(), bytes.length, row.getString("key") + " file is whole");
                assertEquals(
                        row.getString("path").substring(0, 64),
                        TestImages.sha256(bytes),
                        row.getString("key") + " hash");
                stored.put(row.getString("key"), TestImages.sha256(bytes));
            }
            List<String> lost = new ArrayList<>();
            confirmed.forEach((key, sha) -> {
                if (!sha.equals(stored.get(key))) {
                    lost.add(key);
                }
            });
            assertEquals(List.of(), lost, "confirmed uploads missing after the restart");
            for (String key : confirmed.keySet()) {
                assertEquals(
                        confirmed.get(key),
                        TestImages.sha256(after.get("/images/" + key).body()));
            }
            // the start-up pass writes thumbnails through short-lived temp files of its own; a leftover
            // of the killed server would stay
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try (Stream<Path> leftovers = Files.list(temp)) {
                    assertEquals(0, leftovers.count(), "temp files are cleaned at start");
                }
            });
            // images stored before sizes and thumbnails were kept get both after the start
            int side = (int) Math.ceil(Math.sqrt(60_000 / 4.0));
            await("sizes and thumbnails filled in")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions() // a width is JSON null until filled in
                    .untilAsserted(() -> {
                        for (JsonObject row : after.get("/api/images")
                                .json()
                                .getJsonArray("images")
                                .getValuesAs(JsonObject.class)) {
                            assertEquals(side, row.getInt("width"), row.getString("key"));
                            assertEquals(side, row.getInt("height"), row.getString("key"));
                            assertTrue(
                                    Files.exists(data.resolve("images")
                                            .resolve(row.getString("path").substring(0, 64) + ".thumb")),
                                    row.getString("key") + " has its thumbnail");
                        }
                    });
        }
    }

    /** Leaves the stopped server's store as an older version would have: no widths, heights or thumbnails. */
    private static void forgetSizesAndThumbnails(Path data) throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("db/imagecache") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE";
        try (Connection db = DriverManager.getConnection(url, "imagecache", "imagecache");
                Statement statement = db.createStatement()) {
            assertTrue(statement.executeUpdate("UPDATE image SET width = NULL, height = NULL") >= 40);
        }
        try (Stream<Path> thumbnails = Files.list(data.resolve("images"))) {
            for (Path thumbnail :
                    thumbnails.filter(f -> f.toString().endsWith(".thumb")).toList()) {
                Files.delete(thumbnail);
            }
        }
    }
}
