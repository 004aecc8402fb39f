package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * The one harness for tests against the product: every server is started by start.sh, as a user
 * starts it (see {@link PayaraServer}). A test class registers it once and uses it two ways:
 *
 * <ul>
 *   <li>The server it was registered with, {@code StartedServers.shared(name, env)}, through
 *       {@link #running()}, {@link #api()}, {@link #baseUrl()}: one process for every test class
 *       naming the same server, started when the first of them asks for it and stopped when the test
 *       run ends. Each class finds it with no images and the default memcache configuration;
 *       counters and history go on (tests compare counts).
 *   <li>Servers of its own, {@link #start} and the like, for tests that start, kill or restart
 *       servers: they start in a fresh folder and stop when the test that started them ends, passed
 *       or failed. In a class whose tests are the steps of one scenario
 *       ({@code @TestInstance(PER_CLASS)}) they live until the class ends, as its fields do.
 * </ul>
 *
 * Register it as a static field: {@code @RegisterExtension static final StartedServers servers = ...}.
 * A boot costs about half a minute on the CI machine, so classes share a server wherever their
 * tests do not need a configuration of their own.
 */
public final class StartedServers implements BeforeAllCallback, BeforeEachCallback {

    /** Embedded database and defaults, uploads up to 2 MB: what most tests need. */
    public static final Map<String, String> PLAIN = Map.of("MAX_UPLOAD_MB", "2");

    private static final Namespace NAMESPACE = Namespace.create(StartedServers.class);
    private static final AtomicLong STARTED = new AtomicLong();

    private final String sharedName;
    private final Map<String, String> sharedEnvironment;
    /** Where what is started now belongs: the running test, or the class (PER_CLASS steps, @BeforeAll). */
    private volatile ExtensionContext scope;

    private StartedServers(String sharedName, Map<String, String> sharedEnvironment) {
        this.sharedName = sharedName;
        this.sharedEnvironment = sharedEnvironment;
    }

    /** The server of this name, shared by every test class that asks for it with the same environment. */
    public static StartedServers shared(String name, Map<String, String> environment) {
        return new StartedServers(name, Map.copyOf(environment));
    }

    /** No shared server: only the servers each test starts itself. */
    public static StartedServers own() {
        return new StartedServers(null, Map.of());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        scope = context;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        boolean steps = context.getTestInstanceLifecycle().orElse(Lifecycle.PER_METHOD) == Lifecycle.PER_CLASS;
        scope = steps ? context.getParent().orElseThrow() : context;
    }

    private ExtensionContext scope() {
        ExtensionContext current = scope;
        if (current == null) {
            throw new IllegalStateException("Register StartedServers as a static @RegisterExtension field");
        }
        return current;
    }

    // ---- the shared server ----

    /** The shared server's process, started if no class has asked for it yet, emptied for this class. */
    public PayaraServer running() {
        return shared().server;
    }

    public ApiClient api() {
        return running().api();
    }

    public String baseUrl() {
        return running().baseUrl();
    }

    /** The shared server's DATA_DIR (its images are in {@code images/} under it). */
    public Path dataDir() {
        return shared().workDir.resolve("data");
    }

    private Shared shared() {
        if (sharedName == null) {
            throw new IllegalStateException("No shared server: register StartedServers.shared(name, environment)");
        }
        ExtensionContext context = scope();
        Shared server = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(sharedName, name -> Shared.start(name, sharedEnvironment), Shared.class);
        if (!server.environment.equals(sharedEnvironment)) {
            throw new IllegalStateException("Shared server '" + sharedName + "' is already running with "
                    + server.environment + ", not " + sharedEnvironment);
        }
        // once per test class: the class finds it as a fresh server would be
        classOf(context).getStore(NAMESPACE).getOrComputeIfAbsent("reset " + sharedName, key -> server.reset());
        return server;
    }

    private static ExtensionContext classOf(ExtensionContext context) {
        ExtensionContext each = context;
        while (each.getTestMethod().isPresent()) {
            each = each.getParent().orElseThrow();
        }
        return each;
    }

    // ---- servers of the test's own ----

    /** This test's own folder (the class's, for steps), the same for every server it starts (a restart finds its data). */
    public Path folder() {
        return scope().getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        "folder", key -> ItConfig.workDir().resolve("test-" + System.nanoTime()), Path.class);
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

    /** Starts one member of a pool ({@code POOL_ROLE} in the environment) on another host, and waits until it answers. */
    public PayaraServer startMemberOn(PayaraServer.Host host, Map<String, String> environment, int port) {
        PayaraServer.Readiness readiness = "cache".equals(environment.get("POOL_ROLE"))
                ? PayaraServer.Readiness.CACHE_NODE
                : PayaraServer.Readiness.FRONT_END;
        return keep(PayaraServer.start(folder(), environment, host, port, readiness));
    }

    private PayaraServer start(Map<String, String> environment, int port, PayaraServer.Readiness readiness) {
        return keep(PayaraServer.start(folder(), environment, port, readiness));
    }

    private PayaraServer keep(PayaraServer server) {
        // JUnit closes it (SIGTERM, then SIGKILL if it lingers) when the scope ends
        scope().getStore(NAMESPACE).put("server " + STARTED.incrementAndGet(), server);
        return server;
    }

    /** A running shared server; JUnit closes it when the whole test run is over. */
    private static final class Shared implements AutoCloseable {
        final Map<String, String> environment;
        final Path workDir;
        final PayaraServer server;

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
        Boolean reset() {
            ApiClient api = server.api().withToken(environment.get("ADMIN_TOKEN"));
            assertTrue(api.post("/api/delete_all").succeeded(), "emptied for the next test class");
            assertTrue(api.post("/api/cache/refresh").succeeded(), "default memcache configuration");
            return Boolean.TRUE;
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
