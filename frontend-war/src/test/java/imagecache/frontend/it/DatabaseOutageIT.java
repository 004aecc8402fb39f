package imagecache.frontend.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real MariaDB behind a relay that the test cuts and restores, against a database of its own.
 * A server started while its database is away comes up, says it is not ready, and migrates and
 * serves as soon as the database answers. When the database goes away later, the API says so with
 * a 503 naming it and leaves nothing half-written; afterwards it works again without a restart,
 * statistics samples included. One server lives through both, as a real one would.
 */
class DatabaseOutageIT {

    private static final String DATABASE = "imagecache_test_outage";

    @RegisterExtension
    static final StartedServers servers = StartedServers.own();

    @Test
    void startedBeforeItsDatabaseThenCutOffWhileRunningItServesAsSoonAsTheDatabaseAnswers() throws Exception {
        // empty, so that the schema has to be created after the late start
        try (ScratchDatabase database = ScratchDatabase.create(DATABASE);
                TcpProxy proxy = new TcpProxy(3306)) {
            proxy.cut();
            PayaraServer server = servers.start(Map.of(
                    "DB_URL",
                    "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + database.name(),
                    "DB_USER",
                    ItConfig.dbUser(),
                    "DB_PASSWORD",
                    ItConfig.dbPassword()));
            ApiClient api = server.api();
            startedWithoutItsDatabase(api, proxy, database);
            cutOffWhileRunning(api, proxy);
        }
    }

    private static void startedWithoutItsDatabase(ApiClient api, TcpProxy proxy, ScratchDatabase database)
            throws Exception {
        Answer ready = api.get("/health/ready");
        assertEquals(503, ready.status(), "up, but not ready without its database");
        assertEquals(
                "DOWN",
                ready.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                        .filter(c -> c.getString("name").equals("database"))
                        .findFirst()
                        .orElseThrow()
                        .getString("status"));
        Answer upload = api.upload("too early", TestImages.png(10, 10, 4));
        assertEquals(503, upload.status());
        assertTrue(upload.errorMessage().startsWith("Database unavailable"), upload.errorMessage());
        assertEquals(503, api.get("/api/list_keys").status());
        Answer home = api.get("/");
        assertEquals(200, home.status());
        assertTrue(
                new String(home.body(), StandardCharsets.UTF_8).contains("Database unavailable"),
                "the home page says what is wrong");

        proxy.restore();
        // each WAR retries on its own back-off (at most 10 s apart): both are serving within 30 s
        Instant restored = Instant.now();
        byte[] image = TestImages.png(10, 10, 5);
        await("the front end serves within 30 s of the database answering")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertSucceeded(api.upload("on time", image)));
        await("the cache WAR stores its configuration within 30 s of the database answering")
                .atMost(Duration.ofSeconds(31).minus(Duration.between(restored, Instant.now())))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertSucceeded(api.postForm("/api/cache/config", Map.of("capacityMB", "7"))));
        assertArrayEquals(
                image,
                Base64.getDecoder().decode(api.get("/api/key/on%20time").json().getString("content")));
        assertEquals(200, api.get("/health/ready").status());
        assertEquals(
                List.of(
                        "cache_config",
                        "cache_stats",
                        "image",
                        "image_file",
                        "memcache_pool",
                        "memcache_scaling",
                        "memcache_scaling_decision",
                        "memcache_write_log",
                        "schema_history_cache",
                        "schema_history_frontend"),
                database.tables());
    }

    private void cutOffWhileRunning(ApiClient api, TcpProxy proxy) throws Exception {
        Path images = servers.folder().resolve("data/images");
        proxy.cut();
        long start = System.nanoTime();
        Answer upload = api.upload("during", TestImages.png(10, 10, 2));
        // said at once, not after retries (EclipseLink's default retries took 10 s per request)
        Duration answeredIn = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(answeredIn.compareTo(Duration.ofSeconds(5)) < 0, "503 after " + answeredIn);
        assertEquals(503, upload.status());
        assertTrue(upload.errorMessage().startsWith("Database unavailable"), upload.errorMessage());
        Answer list = api.get("/api/list_keys");
        assertEquals(503, list.status());
        assertTrue(list.errorMessage().startsWith("Database unavailable"));
        assertEquals(503, api.get("/health/ready").status(), "not ready without the database");
        try (Stream<Path> files = Files.list(images)) {
            assertEquals(
                    2,
                    files.filter(Files::isRegularFile).count(),
                    "the stored image and its thumbnail, nothing of the refused upload");
        }
        try (Stream<Path> temp = Files.list(images.resolve(".tmp"))) {
            assertEquals(0, temp.count());
        }

        proxy.restore();
        Instant restored = Instant.now();
        byte[] afterwards = TestImages.png(10, 10, 3);
        await("recovered without a restart")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertSucceeded(api.upload("after", afterwards)));
        List<String> keys =
                api.get("/api/list_keys").json().getJsonArray("keys").getValuesAs(JsonString::getString);
        assertEquals(List.of("after", "on time"), keys);
        assertEquals(200, api.get("/health/ready").status());
        // the 5-second statistics samples failed meanwhile; they must go on, not stop for good
        await("statistics sampled again after the outage")
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> latestSample(api).isAfter(restored));
    }

    private static Instant latestSample(ApiClient api) {
        return api.get("/api/cache/stats").json().getJsonArray("history").getValuesAs(JsonObject.class).stream()
                .map(sample -> Instant.parse(sample.getString("at")))
                .max(Instant::compareTo)
                .orElse(Instant.EPOCH);
    }

    private static void assertSucceeded(Answer answer) {
        assertTrue(answer.succeeded(), answer.status() + " " + new String(answer.body(), StandardCharsets.UTF_8));
    }
}
