package imagecache.frontend.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
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
 * A pool over four hosts that the network splits in two, in the manner of Jepsen's partition tests:
 * each member in a network namespace of its own with its own address (cache-1 and front-1 on one
 * side, cache-2 and front-2 on the other), the database reached by both sides through the host. Keys
 * are uploaded and read, the network between the sides is cut, keys are uploaded again on one side
 * while both sides read, the network heals, and the reads go on. Every read's bytes are compared
 * with the last acknowledged upload of its key: no read may ever return an older image, and none
 * may fail. Steps in order on one pool; a failed step skips the rest.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class PartitionIT {

    private static final Logger LOG = Logger.getLogger(PartitionIT.class.getName());
    private static final String DATABASE = "imagecache_test_partition";
    /** Set as a deployment exposed to others would be: every member and call below uses it. */
    private static final String TOKEN = "partition secret";

    private static final List<String> HOSTS = List.of("cache-1", "front-1", "cache-2", "front-2");
    private static final int KEYS = 45;
    private static final int CHANGED = 20;
    private static final int HTTP_PORT = 8080;
    private static final int GRID_PORT = 6900;
    /** What the README promises: the grid whole and every node listed this soon after the network heals. */
    private static final Duration WHOLE_AFTER_HEAL = Duration.ofSeconds(30);
    /** What {@link #acknowledged} holds for a deleted key. */
    private static final String DELETED = "deleted";

    @RegisterExtension
    static final StartedServers servers = StartedServers.own();

    private ScratchDatabase database;
    private NetworkHosts network;
    private final Map<String, PayaraServer> members = new LinkedHashMap<>();
    private final Map<String, String> acknowledged = new HashMap<>();
    private final List<String> stale = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private int reads;
    private int hits;
    private long seed;
    private String failedStep;

    @RegisterExtension
    final TestWatcher stepsStopAtAFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failedStep = context.getDisplayName();
        }
    };

    @BeforeAll
    void startThePoolOnFourHosts() throws Exception {
        database = ScratchDatabase.create(DATABASE);
        network = NetworkHosts.create("icpart", HOSTS);
        int relay = network.relay(3306);
        String gridMembers = HOSTS.stream()
                .map(host -> network.address(host) + ":" + GRID_PORT)
                .collect(Collectors.joining(","));
        Map<String, String> common = Map.of(
                "DB_URL",
                "jdbc:mysql://" + network.gateway() + ":" + relay + "/" + database.name(),
                "DB_USER",
                ItConfig.dbUser(),
                "DB_PASSWORD",
                ItConfig.dbPassword(),
                "IMAGES_DIR",
                servers.folder().resolve("images").toString(),
                "GRID_MEMBERS",
                gridMembers,
                "GRID_PORT",
                String.valueOf(GRID_PORT),
                "CLUSTER_NAME",
                "partition-it",
                "ADMIN_TOKEN",
                TOKEN,
                "CACHE_POOL_SIZE",
                "2",
                "JAVA_OPTS",
                "-Xmx256m");
        // cache nodes first: a front end cannot join a grid without one
        for (String host : HOSTS.stream().sorted().toList()) {
            Map<String, String> environment = new HashMap<>(common);
            environment.put("POOL_ROLE", host.startsWith("cache") ? "cache" : "front");
            environment.put("POOL_NAME", host);
            environment.put("GRID_HOST", network.address(host));
            environment.put("DATA_DIR", servers.folder().resolve(host).toString());
            PayaraServer.Host where = new PayaraServer.Host(network.command(host, List.of()), network.address(host));
            members.put(host, servers.startMemberOn(where, environment, HTTP_PORT));
        }
        await("both cache nodes listed by both front ends")
                .atMost(Duration.ofSeconds(60))
                .until(() -> upNodes(front(1)) == 2 && upNodes(front(2)) == 2);
    }

    @BeforeEach
    void theStepsBeforeHavePassed() {
        assumeTrue(failedStep == null, () -> "skipped: the step " + failedStep + " failed");
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            members.values().forEach(PayaraServer::close);
        } finally {
            try {
                if (network != null) {
                    network.close();
                }
            } finally {
                if (database != null) {
                    database.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    void keysUploadedOnBothSidesAreReadOnBoth() {
        for (int i = 0; i < KEYS; i++) {
            upload(front(1 + i % 2), "key-" + i);
        }
        readEveryKeyTwiceOnBothSides();
        assertTrue(hits > 0, "the memcache serves: " + hits + " hits of " + reads + " reads");
        assertNoBadRead();
    }

    /**
     * The network between the sides is cut; keys are uploaded again through front-2 at once (the grid
     * still lists every member: the calls to the other side's node time out) and again once each
     * side lists only its own cache node, while both sides read every changed key.
     */
    @Test
    @Order(2)
    void duringTheSplitNoReadReturnsAnOldImage() {
        network.cut(Set.of("cache-1", "front-1"), Set.of("cache-2", "front-2"));
        long cut = System.nanoTime();
        for (int i = 0; i < CHANGED / 2; i++) {
            upload(front(2), "key-" + i);
            readChangedKeys();
        }
        await("the grid split: each front end lists only its own side's cache node")
                .atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    readChangedKeys();
                    return listedNodes(front(1)) == 1 && listedNodes(front(2)) == 1;
                });
        LOG.info("Grid split " + Duration.ofNanos(System.nanoTime() - cut).toSeconds() + " s after the cut");
        for (int i = CHANGED / 2; i < CHANGED; i++) {
            upload(front(2), "key-" + i);
            readChangedKeys();
        }
        delete(front(2), "key-" + (CHANGED - 1));
        readEveryKeyTwiceOnBothSides();
        assertNoBadRead();
    }

    @Test
    @Order(3)
    void afterTheHealThePoolIsWholeSoonAndServesNothingOld() {
        network.heal();
        long healed = System.nanoTime();
        await("both cache nodes listed as up by both front ends again")
                .atMost(WHOLE_AFTER_HEAL)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    readChangedKeys();
                    return listedNodes(front(1)) == 2
                            && upNodes(front(1)) == 2
                            && listedNodes(front(2)) == 2
                            && upNodes(front(2)) == 2;
                });
        LOG.info("Pool whole " + Duration.ofNanos(System.nanoTime() - healed).toMillis() + " ms after the heal");
        int hitsBefore = hits;
        readEveryKeyTwiceOnBothSides();
        readEveryKeyTwiceOnBothSides();
        assertTrue(hits > hitsBefore, "the merged pool serves hits again");
        assertNoBadRead();
    }

    @Test
    @Order(4)
    void afterTheMergeUploadsOnEitherSideAreServedOnBoth() {
        for (int i = 0; i < KEYS; i += 3) {
            upload(front(1 + i % 2), "key-" + i);
        }
        readEveryKeyTwiceOnBothSides();
        assertNoBadRead();
        LOG.info(reads + " reads, " + hits + " hits, no stale read");
    }

    private ApiClient front(int side) {
        return members.get("front-" + side).api().withToken(TOKEN);
    }

    private void upload(ApiClient frontEnd, String key) {
        byte[] image = TestImages.png(12, 12, ++seed);
        ApiClient.Answer answer = frontEnd.upload(key, image);
        assertEquals(200, answer.status(), () -> "upload of " + key + ": " + answer.text());
        acknowledged.put(key, TestImages.sha256(image));
    }

    private void delete(ApiClient frontEnd, String key) {
        ApiClient.Answer answer = frontEnd.delete("/api/key/" + ApiClient.encode(key));
        assertEquals(200, answer.status(), () -> "delete of " + key + ": " + answer.text());
        acknowledged.put(key, DELETED);
    }

    private void readEveryKeyTwiceOnBothSides() {
        for (int round = 0; round < 2; round++) {
            for (String key : acknowledged.keySet()) {
                read(front(1), key);
                read(front(2), key);
            }
        }
    }

    private void readChangedKeys() {
        for (int i = 0; i < CHANGED; i++) {
            read(front(1), "key-" + i);
            read(front(2), "key-" + i);
        }
    }

    /** Reads a key and records a failure or a stale image; the steps assert none at their end. */
    private void read(ApiClient frontEnd, String key) {
        ApiClient.Answer answer = frontEnd.get("/images/" + ApiClient.encode(key));
        reads++;
        if (DELETED.equals(acknowledged.get(key))) {
            if (answer.status() != 404) {
                stale.add(frontEnd.base() + " " + key + ": deleted, but answered " + answer.status());
            }
            return;
        }
        if (answer.status() != 200) {
            failed.add(frontEnd.base() + " " + key + ": " + answer.status());
            return;
        }
        if ("HIT".equals(answer.header("X-Cache"))) {
            hits++;
        }
        String expected = acknowledged.get(key);
        String got = TestImages.sha256(answer.body());
        if (!expected.equals(got)) {
            stale.add(frontEnd.base() + " " + key + " (" + answer.header("X-Cache") + ")");
        }
    }

    private void assertNoBadRead() {
        assertEquals(List.of(), failed, "failed reads");
        assertEquals(List.of(), stale, "reads of an image older than the last acknowledged upload");
    }

    private static int listedNodes(ApiClient frontEnd) {
        return nodes(frontEnd).size();
    }

    private static int upNodes(ApiClient frontEnd) {
        return (int) nodes(frontEnd).stream()
                .filter(node -> "up".equals(node.getString("state")))
                .count();
    }

    /**
     * The cache nodes a front end's stats list; none while its stats fail (a node can answer an
     * error while the grid changes its mind about who is in it), so that an await asks again.
     */
    private static List<JsonObject> nodes(ApiClient frontEnd) {
        ApiClient.Answer stats = frontEnd.get("/api/cache/stats");
        if (stats.status() != 200) {
            LOG.info(frontEnd.base() + " stats answered " + stats.status() + ": "
                    + new String(stats.body(), StandardCharsets.UTF_8));
            return List.of();
        }
        return stats.json().getJsonArray("nodes").getValuesAs(JsonObject.class);
    }
}
