package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the API tests ({@code ImagesApiIT}, {@code RefusalsIT}, {@code MemcacheApiIT},
 * {@code CacheWarProtocolIT}) share: one server, both WARs on the test MariaDB over TCP with uploads
 * up to 2 MB, and the checks they make of it beside the API: its stats, its image folder, its
 * database.
 */
final class ApiChecks {

    static final long MB = 1024 * 1024;

    private ApiChecks() {}

    /** The server every API test class shares, through {@link ApiTest}. */
    static StartedServers server() {
        return StartedServers.shared(
                "mariadb",
                Map.of(
                        "MAX_UPLOAD_MB", "2",
                        "DB_URL", ItConfig.dbUrl(),
                        "DB_USER", ItConfig.dbUser(),
                        "DB_PASSWORD", ItConfig.dbPassword()));
    }

    /** The memcache's counters now. */
    static JsonObject stats(ApiClient api) {
        Answer answer = api.get("/api/cache/stats");
        assertTrue(answer.succeeded());
        return answer.json().getJsonObject("stats");
    }

    /** The image stored for {@code key}, read through the API. */
    static byte[] content(ApiClient api, String key) {
        Answer answer = api.get("/api/key/" + ApiClient.encode(key));
        assertEquals(200, answer.status(), key);
        return Base64.getDecoder().decode(answer.json().getString("content"));
    }

    /** A refusal as the contract writes it: the status, and the same code and message in the JSON body. */
    static void assertRefused(int status, String message, Answer answer) {
        assertEquals(status, answer.status(), new String(answer.body(), StandardCharsets.UTF_8));
        assertEquals("false", answer.json().getString("success"));
        assertEquals(status, answer.errorCode());
        assertEquals(message, answer.errorMessage());
    }

    /** The files (not folders) in {@code images} whose names start with {@code prefix}. */
    static long filesNamed(Path images, String prefix) {
        try (Stream<Path> files = Files.list(images)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().startsWith(prefix))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long countFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's database, read directly. */
    static Connection database() throws SQLException {
        return DriverManager.getConnection(ItConfig.dbUrl(), ItConfig.dbUser(), ItConfig.dbPassword());
    }
}
