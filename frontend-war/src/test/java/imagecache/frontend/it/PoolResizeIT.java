package imagecache.frontend.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A pool that start.sh runs with an admin token (two cache nodes, one front end, nginx) grown to
 * three cache nodes and shrunk back to two through the API while readers and a writer keep at it:
 * the front end's provisioner starts a third cache node process and later stops the node that holds
 * the most keys. Every read's bytes are compared with the last upload of its key acknowledged before
 * the read began (or a later one).
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class PoolResizeIT {

    private static final Logger LOG = Logger.getLogger(PoolResizeIT.class.getName());
    private static final String DATABASE = "imagecache_test_pool_resize";
    private static final String TOKEN = "resize secret";
    private static final int KEYS = 90;
    private static final Duration RESIZED_WITHIN = Duration.ofSeconds(150);

    @RegisterExtension
    static final StartedServers servers = StartedServers.own();

    private ScratchDatabase database;
    private PayaraServer pool;
    private ApiClient admin;
    private ApiClient anyone;
    private String failedStep;

    /** Per key, the hash of every image uploaded under it, in order, and how many were acknowledged. */
    private final Map<String, List<String>> versions = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> acknowledged = new ConcurrentHashMap<>();
    private final List<String> failed = new CopyOnWriteArrayList<>();
    private final List<String> stale = new CopyOnWriteArrayList<>();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong uploads = new AtomicLong();

    @RegisterExtension
    final TestWatcher stepsStopAtAFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failedStep = context.getDisplayName();
        }
    };

    @BeforeAll
    void startThePoolWithAToken() throws Exception {
        database = ScratchDatabase.create(DATABASE);
        int port = PayaraServer.freePorts(4);
        int gridPort = PayaraServer.freePorts(3);
        Map<String, String> environment = new HashMap<>(Map.of(
                "CACHE_NODES",
                "2",
                "FRONT_ENDS",
                "1",
                "GRID_PORT",
                String.valueOf(gridPort),
                "CLUSTER_NAME",
                "pool-resize-it-" + port,
                "JAVA_OPTS",
                "-Xmx256m",
                "ADMIN_TOKEN",
                TOKEN,
                "DB_URL",
                database.url(),
                "DB_USER",
                ItConfig.dbUser(),
                "DB_PASSWORD",
                ItConfig.dbPassword()));
        pool = servers.startPool(environment, port);
        anyone = pool.api();
        admin = anyone.withToken(TOKEN);
        for (int i = 0; i < KEYS; i++) {
            upload("key-" + i);
        }
    }

    @BeforeEach
    void theStepsBeforeHavePassed() {
        assumeTrue(failedStep == null, () -> "skipped: the step " + failedStep + " failed");
    }

    @AfterAll
    void stopThePool() throws Exception {
        // the pool (and the cache node it started) stops before its database is dropped
        try {
            if (pool != null) {
                pool.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    @Order(1)
    void thePoolShowsItsTargetAndRefusesBadResizesChangingNothing() {
        JsonObject pool = anyone.get("/api/cache/pool").json();
        assertEquals(2, pool.getInt("target"), pool.toString());
        assertEquals("local", pool.getString("provisioner"));
        assertFalse(pool.getBoolean("changing"));
        assertEquals(2, upNodes(pool), pool.toString());

        assertEquals(401, anyone.post("/api/cache/pool/grow").status(), "a resize is an admin call");
        for (String size : List.of("0", "9", "-1", "two", "")) {
            Answer refused = admin.postForm("/api/cache/pool/target", Map.of("size", size));
            assertEquals(400, refused.status(), "size " + size + ": " + refused.text());
            assertFalse(refused.succeeded());
        }
        Answer query = admin.post("/api/cache/pool/target?size=9");
        assertEquals(400, query.status(), "a size as a query parameter, no body: " + query.text());
        assertEquals(400, admin.post("/api/cache/pool/target").status(), "no size at all");
        Answer unknown = admin.postForm("/api/cache/pool/shrink", Map.of("node", "no-such-node"));
        assertEquals(400, unknown.status(), unknown.text());
        JsonObject after = anyone.get("/api/cache/pool").json();
        assertEquals(2, after.getInt("target"));
        assertEquals(2, upNodes(after));
    }

    @Test
    @Order(2)
    void growsToThreeNodesUnderLoadAndTheNewNodeTakesItsShare() throws Exception {
        try (Load load = new Load()) {
            load.awaitReads(300);
            Answer grown = admin.post("/api/cache/pool/grow");
            assertEquals(200, grown.status(), grown.text());
            assertEquals(3, grown.json().getInt("target"));
            assertTrue(grown.json().getBoolean("changing"));
            Answer again = admin.post("/api/cache/pool/grow");
            assertEquals(409, again.status(), "a second resize while the first is under way: " + again.text());
            long start = System.nanoTime();
            awaitPool(3);
            LOG.info("Grown to 3 cache nodes in "
                    + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
            load.awaitReads(reads.get() + 2 * KEYS);
        }
        assertNoBadRead();
        readEveryKey();
        JsonObject pool = anyone.get("/api/cache/pool").json();
        for (JsonObject node : pool.getJsonArray("nodes").getValuesAs(JsonObject.class)) {
            assertTrue(node.getInt("items") >= KEYS / 6, "every node holds its share: " + pool);
        }
    }

    @Test
    @Order(3)
    void shrinksBackToTwoByStoppingTheNodeThatHoldsTheMostKeys() throws Exception {
        readEveryKey();
        JsonObject before = anyone.get("/api/cache/pool").json();
        JsonObject fullest = before.getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
                .max(Comparator.comparingInt(node -> node.getInt("items")))
                .orElseThrow();
        try (Load load = new Load()) {
            load.awaitReads(reads.get() + 300);
            Answer shrunk = admin.postForm("/api/cache/pool/shrink", Map.of("node", fullest.getString("id")));
            assertEquals(200, shrunk.status(), shrunk.text());
            assertEquals(2, shrunk.json().getInt("target"));
            long start = System.nanoTime();
            awaitPool(2);
            LOG.info("Shrunk to 2 cache nodes in "
                    + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
            load.awaitReads(reads.get() + 2 * KEYS);
        }
        assertNoBadRead();
        JsonObject after = anyone.get("/api/cache/pool").json();
        assertTrue(
                after.getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
                        .noneMatch(node -> node.getString("url").equals(fullest.getString("url"))),
                "the node named is the one that left: " + after);
        assertTrue(uploads.get() > 0 && reads.get() > 1000, uploads + " uploads, " + reads + " reads");
    }

    private void awaitPool(int size) {
        await("the pool has " + size + " cache nodes answering and no resize under way")
                .atMost(RESIZED_WITHIN)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Answer answer = anyone.get("/api/cache/pool");
                    if (answer.status() != 200) {
                        return false;
                    }
                    JsonObject pool = answer.json();
                    return !pool.getBoolean("changing")
                            && upNodes(pool) == size
                            && pool.getJsonArray("nodes").size() == size;
                });
    }

    private static int upNodes(JsonObject pool) {
        return (int) pool.getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
                .filter(node -> "up".equals(node.getString("state")))
                .count();
    }

    private void upload(String key) {
        byte[] image = TestImages.png(6, 6, uploads.incrementAndGet() * 7919 + key.hashCode());
        List<String> hashes = versions.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
        hashes.add(TestImages.sha256(image));
        Answer answer = admin.upload(key, image);
        if (!answer.succeeded()) {
            failed.add("upload " + key + ": " + answer.status() + " " + answer.text());
            return;
        }
        acknowledged.computeIfAbsent(key, k -> new AtomicInteger()).set(hashes.size());
    }

    private void read(String key) {
        int known = acknowledged.get(key).get();
        Answer answer = anyone.get("/images/" + key);
        reads.incrementAndGet();
        if (answer.status() != 200) {
            failed.add("read " + key + ": " + answer.status() + " " + answer.text());
            return;
        }
        int version = versions.get(key).lastIndexOf(TestImages.sha256(answer.body())) + 1;
        if (version < known) {
            stale.add(key + ": version " + version + " after version " + known + " was acknowledged ("
                    + answer.header("X-Cache") + ")");
        }
    }

    private void readEveryKey() {
        for (int i = 0; i < KEYS; i++) {
            read("key-" + i);
        }
    }

    private void assertNoBadRead() {
        assertEquals(List.of(), failed, "failed reads and uploads");
        assertEquals(List.of(), stale, "reads of an image older than the last acknowledged upload");
    }

    /**
     * Three readers of random keys and one writer that uploads a random key again every 100 ms, until
     * closed; each uploaded key is then read at once by the writer too.
     */
    private final class Load implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final List<Future<?>> started = new ArrayList<>();

        Load() {
            for (int r = 0; r < 3; r++) {
                Random random = new Random(r);
                started.add(threads.submit(() -> {
                    while (running.get()) {
                        read("key-" + random.nextInt(KEYS));
                    }
                    return null;
                }));
            }
            Random random = new Random(99);
            started.add(threads.submit(() -> {
                while (running.get()) {
                    String key = "key-" + random.nextInt(KEYS);
                    upload(key);
                    read(key);
                    Thread.sleep(100);
                }
                return null;
            }));
        }

        void awaitReads(long count) {
            await(count + " reads").atMost(Duration.ofSeconds(120)).until(() -> reads.get() >= count);
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            for (Future<?> thread : started) {
                thread.get(120, TimeUnit.SECONDS);
            }
            threads.shutdown();
        }
    }
}
