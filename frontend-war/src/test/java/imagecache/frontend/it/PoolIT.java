package imagecache.frontend.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
 * A memcache pool as start.sh runs it on one machine: three cache nodes and two front ends (five
 * Payara Micro processes in one data grid) behind nginx, on one MariaDB database, with an admin
 * token as a deployment exposed to others has (the pages sign in with it). One scenario in
 * named steps on one pool, booted once: keys spread over the nodes, what one front end stores the
 * other serves, the pool holds what one node cannot, a hung node costs one timeout and never serves
 * an old image when it wakes up, a fourth node takes its share, keys uploaded while their node was
 * away are not served old when it gets them back, and a killed node turns only its keys into misses.
 * A step that fails leaves the pool in no known state: the steps after it are skipped.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class PoolIT {

    private static final String DATABASE = "imagecache_test_pool";
    private static final String TOKEN = "pool secret";
    private static final int CACHE_NODES = 3;
    private static final int FRONT_ENDS = 2;
    private static final int KEYS = 240;
    private static final long MB = 1024 * 1024;

    @RegisterExtension
    static final StartedServers servers = StartedServers.own();

    private ScratchDatabase database;
    private Map<String, String> environment;
    private int gridPort;
    private PayaraServer started;
    private PayaraServer fourth;
    private ApiClient pool;
    private List<ApiClient> frontEnds;
    private String failedStep;

    @RegisterExtension
    final TestWatcher stepsStopAtAFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failedStep = context.getDisplayName();
        }
    };

    @BeforeAll
    void startThePool() throws Exception {
        database = ScratchDatabase.create(DATABASE);
        int port = PayaraServer.freePorts(CACHE_NODES + FRONT_ENDS + 1);
        gridPort = PayaraServer.freePorts(CACHE_NODES + FRONT_ENDS + 1);
        environment = new HashMap<>(Map.of(
                "CACHE_NODES", String.valueOf(CACHE_NODES),
                "FRONT_ENDS", String.valueOf(FRONT_ENDS),
                "GRID_PORT", String.valueOf(gridPort),
                "CLUSTER_NAME", "pool-it-" + port,
                "ADMIN_TOKEN", TOKEN,
                "CACHE_CAPACITY_MB", "1",
                "JAVA_OPTS", "-Xmx256m",
                "DB_URL", database.url(),
                "DB_USER", ItConfig.dbUser(),
                "DB_PASSWORD", ItConfig.dbPassword()));
        started = servers.startPool(environment, port);
        pool = started.api().withToken(TOKEN);
        frontEnds = List.of(
                new ApiClient("http://127.0.0.1:" + (port + CACHE_NODES + 1)).withToken(TOKEN),
                new ApiClient("http://127.0.0.1:" + (port + CACHE_NODES + 2)).withToken(TOKEN));
    }

    @BeforeEach
    void theStepsBeforeHavePassed() {
        assumeTrue(failedStep == null, () -> "skipped: the step " + failedStep + " failed");
    }

    /** The pool stops before its database is dropped (JUnit would stop it after this method). */
    @AfterAll
    void stopThePool() throws Exception {
        try {
            for (PayaraServer server : new PayaraServer[] {fourth, started}) {
                if (server != null) {
                    server.close();
                }
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    @Order(1)
    void keysSpreadEvenlyOverTheThreeNodes() {
        for (int i = 0; i < KEYS; i++) {
            ApiClient frontEnd = frontEnds.get(i % FRONT_ENDS);
            assertTrue(frontEnd.upload("spread-" + i, TestImages.png(4, 4, i)).succeeded());
        }
        Map<String, Integer> items = itemsByNode();
        assertEquals(CACHE_NODES, items.size(), "nodes: " + items);
        int share = KEYS / CACHE_NODES;
        items.forEach((node, held) -> assertTrue(
                Math.abs(held - share) <= share / 4, node + " holds " + held + " of " + KEYS + ": " + items));
        assertEquals(KEYS, items.values().stream().mapToInt(Integer::intValue).sum(), "every upload cached once");
    }

    @Test
    @Order(2)
    void whatOneFrontEndStoresTheOtherServes() {
        byte[] first = TestImages.png(30, 30, 1);
        byte[] second = TestImages.png(30, 30, 2);
        assertTrue(frontEnds.get(0).upload("across", first).succeeded());
        assertArrayEquals(first, frontEnds.get(1).get("/images/across").body());
        assertTrue(frontEnds.get(1).upload("across", second).succeeded());
        assertArrayEquals(second, frontEnds.get(0).get("/images/across").body(), "replaced through the other one");
        assertArrayEquals(second, pool.get("/images/across").body());
    }

    /**
     * The home page from one front end, its memcache form sent to the other (as a load balancer may
     * do): the other restores the page's view from the session in the data grid and applies it.
     */
    @Test
    @Order(3)
    void aPageShownByOneFrontEndWorksOnTheOther() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < FRONT_ENDS; i++) {
            ApiClient shows = frontEnds.get(i);
            ApiClient applies = frontEnds.get((i + 1) % FRONT_ENDS);
            HttpResponse<String> page = http.send(
                    HttpRequest.newBuilder(URI.create(shows.base() + "/")).build(), BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            String cookies = cookies(page);
            String viewState = find(page.body(), "name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");
            String nonce = find(page.body(), "PrimeFaces.csp.init\\('([^']+)'\\)");
            // the memcache form is an admin action: signed in on the page that shows it
            Map<String, String> signIn = new LinkedHashMap<>();
            signIn.put("jakarta.faces.partial.ajax", "true");
            signIn.put("jakarta.faces.source", "admin:signIn");
            signIn.put("jakarta.faces.partial.execute", "admin");
            signIn.put("jakarta.faces.partial.render", "admin");
            signIn.put("admin:signIn", "admin:signIn");
            signIn.put("admin", "admin");
            signIn.put("admin:token", TOKEN);
            signIn.put("jakarta.faces.ViewState", viewState);
            signIn.put("primefaces.nonce", nonce);
            HttpResponse<String> signedIn = http.send(
                    HttpRequest.newBuilder(URI.create(shows.base() + "/index.xhtml"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Faces-Request", "partial/ajax")
                            .header("Cookie", cookies)
                            .POST(HttpRequest.BodyPublishers.ofString(ApiClient.formBody(signIn)))
                            .build(),
                    BodyHandlers.ofString());
            assertEquals(200, signedIn.statusCode());
            assertTrue(signedIn.body().contains("signedIn"), "signed in: " + signedIn.body());
            // signing in gives the session a new id
            if (!cookies(signedIn).isEmpty()) {
                cookies = cookies(signedIn);
            }
            int capacity = 4 + i;
            Map<String, String> form = new LinkedHashMap<>();
            form.put("jakarta.faces.partial.ajax", "true");
            form.put("jakarta.faces.source", "settings:apply");
            form.put("jakarta.faces.partial.execute", "settings");
            form.put("jakarta.faces.partial.render", "settings");
            form.put("settings:apply", "settings:apply");
            form.put("settings", "settings");
            form.put("settings:capacity", String.valueOf(capacity));
            form.put("settings:policy", "LRU");
            form.put("jakarta.faces.ViewState", viewState);
            form.put("primefaces.nonce", nonce);
            String body = ApiClient.formBody(form);
            HttpResponse<String> applied = http.send(
                    HttpRequest.newBuilder(URI.create(applies.base() + "/index.xhtml"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Faces-Request", "partial/ajax")
                            .header("Cookie", cookies)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    BodyHandlers.ofString());
            assertEquals(200, applied.statusCode());
            assertFalse(applied.body().contains("<error>"), applied.body());
            assertEquals(capacity, pool.get("/api/cache/config").json().getInt("capacityMB"), "applied by the other");
        }
        assertTrue(pool.postForm("/api/cache/config", Map.of("capacityMB", "1")).succeeded());
    }

    private static String cookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .map(cookie -> cookie.substring(0, cookie.indexOf(';')))
                .collect(Collectors.joining("; "));
    }

    private static String find(String html, String regex) {
        Matcher found = Pattern.compile(regex).matcher(html);
        assertTrue(found.find(), "the page has " + regex);
        return found.group(1);
    }

    /**
     * 24 images of about 100 KB: 2.4 times one node's 1 MB, within the pool's 3 MB. Read once to fill
     * the memcache and once more backwards, at least 18 of the second reads are hits; one node could
     * hold at most 10 of them.
     */
    @Test
    @Order(4)
    void thePoolHoldsAWorkingSetThatNoNodeCould() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            keys.add("working-" + i);
            assertTrue(pool.upload(keys.get(i), TestImages.noisyPng(100_000, 500 + i))
                    .succeeded());
        }
        assertTrue(pool.post("/api/cache/clear").succeeded());
        assertEquals(
                CACHE_NODES * MB,
                stats().getJsonObject("stats").getJsonNumber("capacityBytes").longValue(),
                "capacity is per node");
        for (String key : keys) {
            assertEquals(200, pool.get("/images/" + key).status());
        }
        JsonObject before = stats().getJsonObject("stats");
        for (int i = keys.size() - 1; i >= 0; i--) {
            assertEquals(200, pool.get("/images/" + keys.get(i)).status());
        }
        JsonObject after = stats().getJsonObject("stats");
        long hits = after.getJsonNumber("hits").longValue()
                - before.getJsonNumber("hits").longValue();
        assertTrue(hits >= 18, "hits of the second reads: " + hits + " of " + keys.size());
        assertTrue(after.getJsonNumber("bytes").longValue() > 1.5 * MB, "the pool holds more than one node could");
    }

    /**
     * A node that stops answering (SIGSTOP: still a grid member, as a hung JVM is until the heartbeat
     * timeout) makes each front end wait once; its keys are then misses at once, uploads of them go
     * on, and when it wakes it drops what was uploaded meanwhile before it serves again.
     */
    @Test
    @Order(5)
    void aHungNodeCostsOneTimeoutAndNeverServesAnOldImageWhenItWakes() {
        String key = keyHeldBy("cache-3", started);
        byte[] replacement = TestImages.png(7, 7, 77);
        ProcessHandle node = started.member("cache-3");
        PayaraServer.signal(node, "STOP");
        try {
            for (ApiClient frontEnd : frontEnds) {
                assertTrue(frontEnd.upload(key, replacement).succeeded(), "uploads go on");
            }
            long slowest = 0;
            for (int i = 0; i < 6; i++) {
                long start = System.nanoTime();
                Answer read = frontEnds.get(i % FRONT_ENDS).get("/images/" + key);
                slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                assertEquals(200, read.status());
                assertArrayEquals(replacement, read.body(), "served from the store, new");
            }
            assertTrue(slowest < 2_000, "no read waited on the hung node again: slowest " + slowest + " ms");
        } finally {
            PayaraServer.signal(node, "CONT");
        }
        await("the woken node answers the front ends again")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> nodeStates().values().stream().allMatch("up"::equals));
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(
                    replacement,
                    frontEnds.get(i % FRONT_ENDS).get("/images/" + key).body(),
                    "never the old image");
        }
    }

    /**
     * A fourth cache node joins while every key is cached on the first three: the grid gives it
     * about a quarter of the partitions, and the nodes that gave them away drop those keys (else
     * they would hold more than their quarter once every key is read again).
     */
    @Test
    @Order(6)
    void aFourthNodeJoinsAndTakesAboutAQuarterOfTheKeys() {
        readAll();
        int members = CACHE_NODES + FRONT_ENDS;
        String grid = IntStream.rangeClosed(0, members)
                .mapToObj(i -> "127.0.0.1:" + (gridPort + i))
                .collect(Collectors.joining(","));
        Map<String, String> environment = new HashMap<>(this.environment);
        environment.remove("CACHE_NODES");
        environment.remove("FRONT_ENDS");
        environment.put("POOL_ROLE", "cache");
        environment.put("POOL_NAME", "cache-4");
        environment.put("GRID_MEMBERS", grid);
        environment.put("GRID_PORT", String.valueOf(gridPort + members));
        fourth = servers.startCacheNode(environment, PayaraServer.freePort());
        await("four cache nodes")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> itemsByNode().size() == CACHE_NODES + 1);
        readAll();
        Map<String, Integer> items = itemsByNode();
        int quarter = KEYS / 4;
        items.forEach((node, held) -> assertTrue(
                Math.abs(held - quarter) <= quarter * 0.4, node + " holds " + held + " of " + KEYS + ": " + items));
    }

    /**
     * Every key uploaded again while a quarter of them live on the fourth node, then that node is
     * killed: the grid gives its partitions back (mostly to the nodes that had them before, their
     * backups), and no key is ever served with the image it had before the upload.
     */
    @Test
    @Order(7)
    void keysUploadedWhileTheirNodeWasAwayAreNotServedOldWhenItGetsThemBack() {
        List<byte[]> replaced = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            replaced.add(TestImages.png(5, 5, 10_000 + i));
            assertTrue(pool.upload("spread-" + i, replaced.get(i)).succeeded());
        }
        fourth.kill();
        await("the grid drops the fourth node")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> itemsByNode().size() == CACHE_NODES);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < KEYS; i++) {
                assertArrayEquals(
                        replaced.get(i), pool.get("/images/spread-" + i).body(), "spread-" + i + " is new");
            }
        }
    }

    /** Readers through the load balancer while a node is killed: no error, and its keys come back as misses. */
    @Test
    @Order(8)
    void aKilledNodeTurnsOnlyItsKeysIntoMissesAndThePoolHeals() throws Exception {
        AtomicBoolean reading = new AtomicBoolean(true);
        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            int offset = r;
            running.add(readers.submit(() -> {
                for (int i = offset; reading.get(); i += 4) {
                    answers.merge(pool.get("/images/spread-" + (i % KEYS)).status(), 1, Integer::sum);
                }
                return null;
            }));
        }
        await("reads under way").atMost(Duration.ofSeconds(30)).until(() -> reads(answers) >= 100);
        PayaraServer.signal(started.member("cache-2"), "KILL");
        await("the grid drops the killed node")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> itemsByNode().size() == CACHE_NODES - 1);
        int dropped = reads(answers);
        await("every key read again on the pool without the killed node")
                .atMost(Duration.ofSeconds(60))
                .until(() -> reads(answers) >= dropped + KEYS);
        reading.set(false);
        for (Future<?> reader : running) {
            reader.get(60, TimeUnit.SECONDS);
        }
        readers.shutdown();
        assertEquals(Map.of(200, answers.get(200)), answers, "every read answered 200");
        long[] first = readAll();
        assertEquals(KEYS, first[0], "every read asked the pool");
        assertTrue(first[1] <= KEYS * 0.5, "only the killed node's keys (about a third) missed: " + first[1]);
        long[] second = readAll();
        assertTrue(second[1] <= KEYS * 0.02, "the pool is whole again: " + second[1] + " misses of " + KEYS);
    }

    private static int reads(Map<Integer, Integer> answers) {
        return answers.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Reads every key once through the load balancer; returns the pool's requests and misses meanwhile. */
    private long[] readAll() {
        JsonObject before = stats().getJsonObject("stats");
        for (int i = 0; i < KEYS; i++) {
            assertEquals(200, pool.get("/images/spread-" + i).status());
        }
        JsonObject after = stats().getJsonObject("stats");
        return new long[] {
            after.getJsonNumber("requests").longValue()
                    - before.getJsonNumber("requests").longValue(),
            after.getJsonNumber("misses").longValue()
                    - before.getJsonNumber("misses").longValue()
        };
    }

    /** A key of the uploaded ones that the named node holds (its items go down when the key is dropped). */
    private String keyHeldBy(String nodeName, PayaraServer started) {
        String url = "http://127.0.0.1:" + nodePort(nodeName, started) + "/cache";
        for (int i = 0; i < KEYS; i++) {
            String key = "spread-" + i;
            pool.get("/images/" + key); // cached wherever it belongs
            int held = itemsByUrl().get(url);
            assertTrue(pool.delete("/api/key/" + key).succeeded());
            boolean there = itemsByUrl().get(url) == held - 1;
            assertTrue(pool.upload(key, TestImages.png(4, 4, i)).succeeded());
            if (there) {
                return key;
            }
        }
        throw new AssertionError(nodeName + " holds none of the keys");
    }

    private static int nodePort(String nodeName, PayaraServer started) {
        int first =
                Integer.parseInt(started.baseUrl().substring(started.baseUrl().lastIndexOf(':') + 1));
        return first + Integer.parseInt(nodeName.substring(nodeName.indexOf('-') + 1));
    }

    private JsonObject stats() {
        return pool.get("/api/cache/stats").json();
    }

    private List<JsonObject> nodes() {
        return stats().getJsonArray("nodes").getValuesAs(JsonObject.class);
    }

    private Map<String, Integer> itemsByNode() {
        return nodes().stream()
                .filter(n -> n.getString("state").equals("up"))
                .collect(Collectors.toMap(
                        n -> n.getString("node"), n -> n.getJsonObject("stats").getInt("items")));
    }

    private Map<String, Integer> itemsByUrl() {
        return nodes().stream()
                .collect(Collectors.toMap(
                        n -> n.getString("url"),
                        n -> Optional.ofNullable(n.getJsonObject("stats"))
                                .map(s -> s.getInt("items"))
                                .orElse(-1)));
    }

    private Map<String, String> nodeStates() {
        return nodes().stream().collect(Collectors.toMap(n -> n.getString("url"), n -> n.getString("state")));
    }
}
