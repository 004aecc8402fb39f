package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The real MariaDB behind a relay that the test cuts and restores: while the database is away the
 * API says so with a 503 naming it and leaves nothing half-written; afterwards it works again
 * without a restart.
 */
class DatabaseOutageIT {

    @Test
    void whileTheDatabaseIsAwayUploadsAnswer503AndLeaveNothingBehindThenItRecovers() throws Exception {
        Path work = ItConfig.workDir().resolve("outage-" + System.nanoTime());
        Path images = work.resolve("data/images");
        String database = ItConfig.dbUrl().replace("jdbc:mysql://", "").replaceFirst("^[^/]*", "");
        try (TcpProxy proxy = new TcpProxy(3306);
                PayaraServer server = PayaraServer.start(work, Map.of(
                        "DATA_DIR", work.resolve("data").toString(),
                        "DB_URL", "jdbc:mysql://127.0.0.1:" + proxy.port() + database,
                        "DB_CLASS", "com.mysql.cj.jdbc.MysqlDataSource",
                        "DB_USER", ItConfig.dbUser(), "DB_PASSWORD", ItConfig.dbPassword()))) {
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
            Answer after = null;
            for (int attempt = 0; attempt < 40 && (after == null || !after.succeeded()); attempt++) {
                Thread.sleep(500);
                after = api.upload("after", TestImages.png(10, 10, 3));
            }
            assertTrue(after.succeeded(), "recovered without a restart: " + new String(after.body()));
            List<String> keys = api.get("/api/list_keys").json().getJsonArray("keys").getValuesAs(JsonString::getString);
            assertEquals(List.of("after", "before"), keys);
            assertEquals(200, api.get("/health/ready").status());
        }
    }
}
