package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What each API test class has: the one server they share ({@link ApiChecks#server()}), a client
 * of it, its image folder, and the default memcache configuration at the start of every test.
 */
abstract class ApiTest {

    @RegisterExtension
    static final StartedServers server = ApiChecks.server();

    final ApiClient api = server.api();

    final Path imagesDir = server.dataDir().resolve("images");

    @BeforeEach
    void defaultConfiguration() {
        assertTrue(api.post("/api/cache/refresh").succeeded());
    }
}
