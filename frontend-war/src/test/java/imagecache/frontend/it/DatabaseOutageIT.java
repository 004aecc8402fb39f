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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real MariaDB behind a relay that the test cuts and restores: while the database is away the
 * API says so with a 503 naming it and leaves nothing half-written; afterwards it works again
 * without a restart. Also a server started while its database is away: it comes up, says it is
 * not ready, and migrates and serves as soon as the database answers.
 */
class DatabaseOutageIT {

    @Test
    void whileTheDatabaseIsAwayUploadsAnswer503AndLeaveNothingBehindThenItRecovers() throws Exception {
        Path work = ItConfig.workDir().resolve("outage-" + System.nanoTime());
        Path images = work.resolve("data/images");
        String database = ItConfig.dbUrl().replace("jdbc:mysql://", "").replaceFirst("^[^/]*", "");
        try (TcpProxy proxy = new TcpProxy(3306);
                PayaraServer server = PayaraServer.start(
                        work,
                        Map.of(
                                "DATA_DIR",
                                work.resolve("data").toString(),
                                "DB_URL",
                                "jdbc:mysql://127.0.0.1:" + proxy.port() + database,
                                "DB_CLASS",
                                "com.mysql.cj.jdbc.MysqlDataSource",
                                "DB_USER",
                                ItConfig.dbUser(),
                                "DB_PASSWORD",
                                ItConfig.dbPassword()))) {
            ApiClient api = server.api();
            assertTrue(api.post("/api/delete_all").succeeded());
            assertTrue(api.upload("before", TestImages.png(10, 10, 1)).succeeded());

            proxy.cut();
            Answer upload = api.upload("during", TestImages.png(10, 10, 2));
            assertEquals(503, upload.status());
            assertTrue(upload.errorMessage().startsWith("Database unavailable"), upload.errorMessage());
            Answer list = api.get("/api/list_keys");
            assertEquals(503, list.status());
            assertTrue(list.errorMessage().startsWith("Database unavailable"));
            assertEquals(503, api.get("/health/ready").status(), "not ready without the database");
            try (Stream<Path> files = Files.list(images)) {
                assertEquals(1, files.filter(Files::isRegularFile).count(), "no file of the refused upload");
            }
            try (Stream<Path> temp = Files.list(images.resolve(".tmp"))) {
                assertEquals(0, temp.count());
            }

            proxy.restore();
            byte[] afterwards = TestImages.png(10, 10, 3);
            await("recovered without a restart")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertSucceeded(api.upload("after", afterwards)));
            List<String> keys =
                    api.get("/api/list_keys").json().getJsonArray("keys").getValuesAs(JsonString::getString);
            assertEquals(List.of("after", "before"), keys);
            assertEquals(200, api.get("/health/ready").status());
        }
    }

    @Test
    void aServerStartedBeforeItsDatabaseMigratesAndServesOnceTheDatabaseAnswers() throws Exception {
        Path work = ItConfig.workDir().resolve("late-db-" + System.nanoTime());
        // a database of its own, empty, so that the schema has to be created after the late start
        String lateDatabase = "imagecache_test_late";
        String serverUrl = ItConfig.dbUrl().replaceFirst("/[^/]*$", "");
        sql(
                serverUrl + "/",
                "DROP DATABASE IF EXISTS " + lateDatabase,
                "CREATE DATABASE " + lateDatabase + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        try (TcpProxy proxy = new TcpProxy(3306)) {
            proxy.cut();
            try (PayaraServer server = PayaraServer.start(
                    work,
                    Map.of(
                            "DATA_DIR",
                            work.resolve("data").toString(),
                            "DB_URL",
                            "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + lateDatabase,
                            "DB_CLASS",
                            "com.mysql.cj.jdbc.MysqlDataSource",
                            "DB_USER",
                            ItConfig.dbUser(),
                            "DB_PASSWORD",
                            ItConfig.dbPassword()))) {
                ApiClient api = server.api();
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
                        .untilAsserted(
                                () -> assertSucceeded(api.postForm("/api/cache/config", Map.of("capacityMB", "7"))));
                assertArrayEquals(
                        image,
                        Base64.getDecoder()
                                .decode(api.get("/api/key/on%20time").json().getString("content")));
                assertEquals(200, api.get("/health/ready").status());
                assertEquals(
                        List.of(
                                "cache_config",
                                "cache_stats",
                                "image",
                                "schema_history_cache",
                                "schema_history_frontend"),
                        tables(serverUrl + "/" + lateDatabase));
            }
        } finally {
            sql(serverUrl + "/", "DROP DATABASE IF EXISTS " + lateDatabase);
        }
    }

    private static void assertSucceeded(Answer answer) {
        assertTrue(answer.succeeded(), answer.status() + " " + new String(answer.body(), StandardCharsets.UTF_8));
    }

    private static void sql(String url, String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, ItConfig.dbUser(), ItConfig.dbPassword());
                Statement statement = connection.createStatement()) {
            for (String each : statements) {
                statement.execute(each);
            }
        }
    }

    private static List<String> tables(String url) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, ItConfig.dbUser(), ItConfig.dbPassword());
                ResultSet rows = connection.createStatement().executeQuery("SHOW TABLES")) {
            while (rows.next()) {
                names.add(rows.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        names.sort(null);
        return names;
    }
}
