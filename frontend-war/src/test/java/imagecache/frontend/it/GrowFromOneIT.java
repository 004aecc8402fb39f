package imagecache.frontend.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
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
 * The server as a plain {@code ./start.sh} runs it (embedded database, no pool variables) is a pool
 * of one: the grow call starts a second cache node that shares the embedded database and serves its
 * share of the keys, warm, with no restart; the shrink stops it again, warm too (it hands its keys to
 * the server's own node before it exits); the server's own node stays; the course's
 * {@code configure_cache} grows it too; and stopping the server stops the nodes it started.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class GrowFromOneIT {

    private static final Logger LOG = Logger.getLogger(GrowFromOneIT.class.getName());
    private static final int KEYS = 60;
    /** Keys the load does not touch: whether they stay hits says what a change kept. */
    private static final int STILL_KEYS = 30;

    private static final Duration RESIZED_WITHIN = Duration.ofSeconds(150);

    @RegisterExtension
    static final StartedServers servers = StartedServers.own();

    private PayaraServer server;
    private ApiClient api;
    private PoolLoad load;
    /** The URL of the server's own memcache node. */
    private String ownNode;

    private String failedStep;

    @RegisterExtension
    final TestWatcher stepsStopAtAFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failedStep = context.getDisplayName();
        }
    };

    @BeforeAll
    void startAPlainServer() {
        server = servers.start(Map.of());
        api = server.api();
        load = new PoolLoad(api, api, KEYS);
        load.uploadEveryKey();
        load.uploadStillKeys(STILL_KEYS);
    }

    @BeforeEach
    void theStepsBeforeHavePassed() {
        assumeTrue(failedStep == null, () -> "skipped: the step " + failedStep + " failed");
    }

    @Test
    @Order(1)
    void aPlainServerIsAPoolOfOneThatCannotShrink() {
        JsonObject pool = api.get("/api/cache/pool").json();
        assertEquals(1, pool.getInt("target"), pool.toString());
        assertFalse(pool.getBoolean("changing"));
        assertEquals("local", pool.getString("provisioner"), "a plain server can start cache nodes itself");
        assertEquals(1, PoolLoad.upNodes(pool), pool.toString());
        ownNode = PoolLoad.nodes(pool).get(0).getString("url");

        Answer shrunk = api.post("/api/cache/pool/shrink");
        assertEquals(400, shrunk.status(), "no pool of none: " + shrunk.text());
        assertEquals(1, api.get("/api/cache/pool").json().getInt("target"));
    }

    @Test
    @Order(2)
    void growsToTwoNodesUnderLoadAndTheNewNodeServesItsShareWarm() throws Exception {
        load.readEveryKey();
        try (PoolLoad.Running running = load.start()) {
            running.awaitReads(load.reads() + 200);
            Answer grown = api.post("/api/cache/pool/grow");
            assertEquals(200, grown.status(), grown.text());
            assertEquals(2, grown.json().getInt("target"));
            long start = System.nanoTime();
            PoolLoad.awaitPool(api, 2, RESIZED_WITHIN);
            LOG.info("Grown to 2 cache nodes in "
                    + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
            running.awaitReads(load.reads() + 2 * KEYS);
        }
        load.assertNoBadRead();
        JsonObject grownNode = grownNode();
        assertTrue(
                grownNode.getInt("items") >= KEYS / 5,
                "the new node holds its share of the keys: " + grownNode + "; the nodes' statistics: "
                        + api.get("/api/cache/stats").text());
        JsonObject before = nodeStats(grownNode.getString("url"));
        load.readEveryKey();
        JsonObject after = nodeStats(grownNode.getString("url"));
        assertTrue(
                after.getInt("hits") - before.getInt("hits") >= KEYS / 5,
                "reads of its keys hit on the new node: " + before + " then " + after);
        load.assertNoBadRead();
    }

    @Test
    @Order(3)
    void theServersOwnNodeStaysAndAShrinkStopsTheGrownOne() throws Exception {
        Answer own = api.postForm("/api/cache/pool/shrink", Map.of("node", ownNode));
        assertEquals(409, own.status(), own.text());
        assertTrue(own.errorMessage().contains(ownNode), own.errorMessage());
        String grown = grownNode().getString("url");
        assertEquals(STILL_KEYS, load.readStillKeys(), "the still keys are cached before the shrink");
        try (PoolLoad.Running running = load.start()) {
            running.awaitReads(load.reads() + 200);
            Answer shrunk = api.post("/api/cache/pool/shrink");
            assertEquals(200, shrunk.status(), shrunk.text());
            assertEquals(1, shrunk.json().getInt("target"));
            PoolLoad.awaitPool(api, 1, RESIZED_WITHIN);
            running.awaitReads(load.reads() + 2 * KEYS);
        }
        load.assertNoBadRead();
        List<JsonObject> left = PoolLoad.nodes(api.get("/api/cache/pool").json());
        assertEquals(ownNode, left.get(0).getString("url"), "the server's own node is the one left");
        assertEquals(
                STILL_KEYS,
                load.readStillKeys(),
                "the keys the stopped node held were handed to the one left, none read since: all hits");
        await("the stopped node's port closes").atMost(Duration.ofSeconds(60)).until(() -> !listens(grown));
    }

    @Test
    @Order(4)
    void theCoursesConfigureCallGrowsItAndStoppingTheServerStopsTheNodesItStarted() {
        Answer configured = api.post("/api/configure_cache?mode=manual&numNodes=2");
        assertEquals(200, configured.status(), configured.text());
        assertEquals(2, configured.json().getInt("numNodes"));
        PoolLoad.awaitPool(api, 2, RESIZED_WITHIN);
        assertEquals(2, api.post("/api/getNumNodes").json().getInt("numNodes"));
        String grown = grownNode().getString("url");
        assertTrue(listens(grown));
        server.close();
        assertFalse(listens(grown), "the node the server started stopped with it");
        assertFalse(listens(ownNode));
    }

    private JsonObject grownNode() {
        return PoolLoad.nodes(api.get("/api/cache/pool").json()).stream()
                .filter(node -> !node.getString("url").equals(ownNode))
                .findFirst()
                .orElseThrow();
    }

    private JsonObject nodeStats(String url) {
        return api.get("/api/cache/stats").json().getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
                .filter(node -> node.getString("url").equals(url))
                .findFirst()
                .orElseThrow()
                .getJsonObject("stats");
    }

    private static boolean listens(String url) {
        URI address = URI.create(url);
        try (Socket ignored = new Socket(address.getHost(), address.getPort())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
