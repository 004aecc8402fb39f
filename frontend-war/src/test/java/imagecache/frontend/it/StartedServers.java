package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * The one harness for tests against the product as start.sh runs it (Arquillian keeps the test
 * that deploys the WARs itself, {@code ApiIT}). Two ways to use it:
 *
 * <ul>
 *   <li>{@code @RegisterExtension static final StartedServers server = StartedServers.shared(name, env);}
 *       gives every test class naming the same server the same running process: it starts for
 *       the first of them and stops when the test run ends. Each class finds it with no images and
 *       the default memcache configuration; counters and history go on (tests compare counts).
 *   <li>{@code @RegisterExtension final StartedServers servers = StartedServers.perTest();} for
 *       tests that start, kill or restart servers themselves: {@link #start} in a fresh folder per
 *       test, and whatever a test started is stopped after it, passed or failed.
 * </ul>
 *
 * A boot costs about half a minute on the CI machine, so classes share a server wherever their
 * tests do not need a configuration of their own.
 */
public final class StartedServers implements BeforeAllCallback, AfterEachCallback {

    /** Embedded database and defaults, uploads up to 2 MB: what most tests need. */
    public static final Map<String, String> PLAIN = Map.of("MAX_UPLOAD_MB", "2");

    private static final Namespace NAMESPACE = Namespace.create(StartedServers.class);

    private final String sharedName;
    private final Map<String, String> sharedEnvironment;
    private Shared shared;
    private final List<PayaraServer> startedByTest = new ArrayList<>();
    private Path testFolder;

    private StartedServers(String sharedName, Map<String, String> sharedEnvironment) {
        this.sharedName = sharedName;
        this.sharedEnvironment = sharedEnvironment;
    }

    /** The server of this name, shared by every test class that asks for it with the same environment. */
    public static StartedServers shared(String name, Map<String, String> environment) {
        return new StartedServers(name, Map.copyOf(environment));
    }

    /** Servers each test starts itself. */
    public static StartedServers perTest() {
        return new StartedServers(null, null);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (sharedName == null) {
            return;
        }
        Shared server = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(sharedName, name -> Shared.start(name, sharedEnvironment), Shared.class);
        if (!server.environment.equals(sharedEnvironment)) {
            throw new IllegalStateException("Shared server '" + sharedName + "' is already running with "
                    + server.environment + ", not " + sharedEnvironment);
        }
        if (server.classesServed++ > 0) {
            server.reset();
        }
        shared = server;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            startedByTest.forEach(PayaraServer::close);
        } finally {
            startedByTest.clear();
            testFolder = null;
        }
    }

    // ---- shared ----

    /** The shared server's process. */
    public PayaraServer running() {
        if (shared == null) {
            throw new IllegalStateException("Not a shared server: register it as a static field with shared(...)");
        }
        return shared.server;
    }

    public ApiClient api() {
        return running().api();
    }

    public String baseUrl() {
        return running().baseUrl();
    }

    /** The shared server's DATA_DIR (its images are in {@code images/} under it). */
    public Path dataDir() {
        running();
        return shared.workDir.resolve("data");
    }

    // ---- per test ----

    /** This test's own folder, the same for every server it starts (a restart finds its data). */
    public Path folder() {
        if (testFolder == null) {
            testFolder = ItConfig.workDir().resolve("test-" + System.nanoTime());
        }
        return testFolder;
    }

    /** Starts a server with both WARs and waits until both answer. */
    public PayaraServer start(Map<String, String> environment) {
        return start(environment, PayaraServer.freePort(), PayaraServer.Readiness.BOTH_WARS);
    }

    /**
     * Starts a whole pool with start.sh ({@code CACHE_NODES}, {@code FRONT_ENDS} in the environment)
     * on {@code port} (its load balancer; the members on the ports after it) and waits until it serves.
     */
    public PayaraServer startPool(Map<String, String> environment, int port) {
        return start(environment, port, PayaraServer.Readiness.POOL);
    }

    /** Starts one cache node of a pool ({@code POOL_ROLE=cache} in the environment) on {@code port}. */
    public PayaraServer startCacheNode(Map<String, String> environment, int port) {
        return start(environment, port, PayaraServer.Readiness.CACHE_NODE);
    }

    /** Starts a server on {@code port} and waits until its front end answers (its memcache may be away). */
    public PayaraServer startFrontEnd(Map<String, String> environment, int port) {
        return start(environment, port, PayaraServer.Readiness.FRONT_END);
    }

    private PayaraServer start(Map<String, String> environment, int port, PayaraServer.Readiness readiness) {
        if (sharedName != null) {
            throw new IllegalStateException("A shared server is started by the extension");
        }
        PayaraServer server = PayaraServer.start(folder(), environment, port, readiness);
        startedByTest.add(server);
        return server;
    }

    /** A running shared server; JUnit closes it when the whole test run is over. */
    private static final class Shared implements AutoCloseable {
        final Map<String, String> environment;
        final Path workDir;
        final PayaraServer server;
        int classesServed;

        private Shared(Map<String, String> environment, Path workDir, PayaraServer server) {
            this.environment = environment;
            this.workDir = workDir;
            this.server = server;
        }

        static Shared start(String name, Map<String, String> environment) {
            // a folder of this run's own: a second run without mvn clean must not find the last one's images
            Path workDir = ItConfig.workDir().resolve("shared-" + name + "-" + System.nanoTime());
            return new Shared(
                    environment,
                    workDir,
                    PayaraServer.start(
                            workDir, environment, PayaraServer.freePort(), PayaraServer.Readiness.BOTH_WARS));
        }

        /** No images and the default memcache configuration, as a fresh server has. */
        void reset() {
            ApiClient api = server.api().withToken(environment.get("ADMIN_TOKEN"));
            assertTrue(api.post("/api/delete_all").succeeded(), "emptied for the next test class");
            assertTrue(api.post("/api/cache/refresh").succeeded(), "default memcache configuration");
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
