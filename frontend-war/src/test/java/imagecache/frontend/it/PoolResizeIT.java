package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * the most keys, which first leaves the pool and hands its items on (keys nobody read meanwhile are
 * still hits after). Every read's bytes are compared with the last upload of its key acknowledged before
 * the read began (or a later one).
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class PoolResizeIT {

    private static final Logger LOG = Logger.getLogger(PoolResizeIT.class.getName());
    private static final String DATABASE = "imagecache_test_pool_resize";
    private static final String TOKEN = "resize secret";
    private static final int KEYS = 90;
    /** Keys the load does not touch: whether they stay hits says what a change kept. */
    private static final int STILL_KEYS = 45;

    private static final Duration RESIZED_WITHIN = Duration.ofSeconds(150);

    @RegisterExtension
    static final StartedServers servers = StartedServers.own();

    private ScratchDatabase database;
    private PayaraServer pool;
    private ApiClient admin;
    private ApiClient anyone;
    private String failedStep;

    private PoolLoad load;

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
        load = new PoolLoad(admin, anyone, KEYS);
        load.uploadEveryKey();
        load.uploadStillKeys(STILL_KEYS);
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
        assertEquals(2, PoolLoad.upNodes(pool), pool.toString());

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
        assertEquals(2, PoolLoad.upNodes(after));
    }

    @Test
    @Order(2)
    void growsToThreeNodesUnderLoadAndTheNewNodeTakesItsShare() throws Exception {
        try (PoolLoad.Running running = load.start()) {
            running.awaitReads(300);
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
            running.awaitReads(load.reads() + 2 * KEYS);
        }
        load.assertNoBadRead();
        load.readEveryKey();
        JsonObject pool = anyone.get("/api/cache/pool").json();
        for (JsonObject node : pool.getJsonArray("nodes").getValuesAs(JsonObject.class)) {
            assertTrue(node.getInt("items") >= KEYS / 6, "every node holds its share: " + pool);
        }
    }

    @Test
    @Order(3)
    void shrinksBackToTwoByStoppingTheNodeThatHoldsTheMostKeysWhichHandsThemOn() throws Exception {
        load.readEveryKey();
        assertEquals(STILL_KEYS, load.readStillKeys(), "the still keys are cached before the shrink");
        JsonObject before = anyone.get("/api/cache/pool").json();
        JsonObject fullest = before.getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
                .max(Comparator.comparingInt(node -> node.getInt("items")))
                .orElseThrow();
        try (PoolLoad.Running running = load.start()) {
            running.awaitReads(load.reads() + 300);
            Answer shrunk = admin.postForm("/api/cache/pool/shrink", Map.of("node", fullest.getString("id")));
            assertEquals(200, shrunk.status(), shrunk.text());
            assertEquals(2, shrunk.json().getInt("target"));
            long start = System.nanoTime();
            awaitPool(2);
            LOG.info("Shrunk to 2 cache nodes in "
                    + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
            running.awaitReads(load.reads() + 2 * KEYS);
        }
        load.assertNoBadRead();
        JsonObject after = anyone.get("/api/cache/pool").json();
        assertTrue(
                after.getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
                        .noneMatch(node -> node.getString("url").equals(fullest.getString("url"))),
                "the node named is the one that left: " + after);
        assertEquals(
                STILL_KEYS,
                load.readStillKeys(),
                "the keys the stopped node held were handed to the nodes left, none read since: all hits");
        assertTrue(load.uploads() > 0 && load.reads() > 1000, load.uploads() + " uploads, " + load.reads() + " reads");
    }

    private void awaitPool(int size) {
        PoolLoad.awaitPool(anyone, size, RESIZED_WITHIN);
    }
}
