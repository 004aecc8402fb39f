package imagecache.frontend.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The auto-scaler on a plain server (a pool of one that starts cache nodes itself), deciding every
 * 5 s, in both of its rules. Threshold mode (the course's): a working set three times the pool's
 * capacity, read in a loop, misses nearly always, so the pool grows by the expand ratio, and no
 * further than its largest size; when the reads narrow to a hot set that fits, the miss rate of the
 * last minute falls under the minimum and the pool shrinks by the shrink ratio, and no further than
 * one node. Target mode: the same images read at random (LRU's hit rate then follows the capacity
 * smoothly) make the pool grow in one step to the size its curve names, stay there while the load
 * holds, and shrink only to sizes that would have reached the target for a whole stabilization
 * window. Every decision is in the log with its reason, and no read fails throughout. Each test
 * starts its own server and cache nodes.
 */
class AutoScaleIT {

    private static final Logger LOG = Logger.getLogger(AutoScaleIT.class.getName());
    private static final int KEYS = 30;
    private static final Duration DECIDED_WITHIN = Duration.ofSeconds(240);

    @RegisterExtension
    static final StartedServers servers = StartedServers.own();

    @Test
    void growsUnderMissesWithinItsBoundAndShrinksWhenTheHotSetFits() throws Exception {
        PayaraServer server =
                servers.start(Map.of("AUTOSCALE_INTERVAL_S", "5", "AUTOSCALE_COOLDOWN_S", "10", "POOL_MAX_NODES", "2"));
        ApiClient api = server.api();
        for (int i = 0; i < KEYS; i++) {
            assertTrue(api.upload("set-" + i, TestImages.noisyPng(100_000, 900 + i))
                    .succeeded());
        }
        Answer auto = api.post(
                "/api/configure_cache?mode=auto&cacheSize=1&expRatio=2&shrinkRatio=0.5" + "&maxMiss=0.5&minMiss=0.2");
        assertEquals(200, auto.status(), auto.text());

        AtomicInteger hotSet = new AtomicInteger(KEYS);
        List<String> failed = new CopyOnWriteArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        Future<?> reads = reader.submit(() -> {
            for (int i = 0; reading.get(); i++) {
                Answer read = api.get("/images/set-" + i % hotSet.get());
                if (read.status() != 200) {
                    failed.add(read.status() + " " + read.text());
                }
            }
        });
        try {
            awaitDecision(api, 1, 2, "above maxMiss 0.5");
            PoolLoad.awaitPool(api, 2, DECIDED_WITHIN);
            awaitDecision(api, 2, 2, "above maxMiss 0.5, but the pool is at its bound of 2");

            hotSet.set(2);
            awaitDecision(api, 2, 1, "below minMiss 0.2");
            PoolLoad.awaitPool(api, 1, DECIDED_WITHIN);
            awaitDecision(api, 1, 1, "below minMiss 0.2, but the pool is at its bound of 1");
        } finally {
            reading.set(false);
            reads.get(60, TimeUnit.SECONDS);
            reader.shutdown();
        }
        assertEquals(List.of(), failed, "no read failed while nodes came and went");
        assertEquals(1, api.post("/api/getNumNodes").json().getInt("numNodes"));
    }

    @Test
    void sizesThePoolForItsTargetHitRateInOneStepAndHoldsItWhileTheLoadHolds() throws Exception {
        PayaraServer server = servers.start(Map.of(
                "AUTOSCALE_INTERVAL_S", "5",
                "AUTOSCALE_COOLDOWN_S", "10",
                "AUTOSCALE_WINDOW_S", "30",
                "POOL_MAX_NODES", "3"));
        ApiClient api = server.api();
        // 30 images of 100 kB read at random: LRU hits about capacity / 2.9 MB of them, so 2 nodes of
        // 1 MB get about 0.7 and 3 nodes nearly all, whatever way the keys split between the nodes
        for (int i = 0; i < KEYS; i++) {
            assertTrue(api.upload("set-" + i, TestImages.noisyPng(100_000, 900 + i))
                    .succeeded());
        }
        Answer auto = api.post("/api/configure_cache?mode=auto&scaler=target&targetHit=0.8&cacheSize=1");
        assertEquals(200, auto.status(), auto.text());
        assertEquals("target", auto.json().getString("scaler"));

        AtomicInteger hotSet = new AtomicInteger(KEYS);
        List<String> failed = new CopyOnWriteArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        Random random = new Random(27);
        Future<?> reads = reader.submit(() -> {
            while (reading.get()) {
                Answer read = api.get("/images/set-" + random.nextInt(hotSet.get()));
                if (read.status() != 200) {
                    failed.add(read.status() + " " + read.text());
                }
            }
        });
        try {
            // the threshold rule with a ratio of 2 would take two steps, 1 to 2 to 3
            JsonObject grown = awaitDecision(api, 1, 3, "target 0.80");
            assertTrue(grown.getJsonObject("hitRateBySize").containsKey("3"), grown.toString());
            PoolLoad.awaitPool(api, 3, DECIDED_WITHIN);
            JsonObject held = awaitDecision(api, 3, 3, "target 0.80");
            awaitDecisionsAfter(api, held.getString("at"), 4);
            List<JsonObject> since = decisionsAfter(api, held.getString("at"));
            assertTrue(
                    since.stream().allMatch(decision -> decision.getInt("to") == 3),
                    "a steady load keeps the pool as it is: " + since);

            hotSet.set(2);
            // a smaller pool would do, but the window still holds the recommendations of 3
            awaitDecision(api, 3, 3, "but 3 were needed within the last 30 s");
            // the minute of reads the curve goes by may first say 2 nodes, then 1: each shrink waits for its window
            PoolLoad.awaitPool(api, 1, Duration.ofMinutes(6));
            List<JsonObject> shrinks = decisions(api).stream()
                    .filter(decision -> decision.getInt("to") < decision.getInt("from"))
                    .toList();
            assertTrue(
                    !shrinks.isEmpty()
                            && shrinks.stream()
                                    .allMatch(decision ->
                                            decision.getString("reason").endsWith("needed for the last 30 s")),
                    "every shrink waited for a whole window: " + shrinks);
        } finally {
            reading.set(false);
            reads.get(60, TimeUnit.SECONDS);
            reader.shutdown();
        }
        assertEquals(List.of(), failed, "no read failed while nodes came and went");
        assertEquals(1, api.post("/api/getNumNodes").json().getInt("numNodes"));
    }

    private static List<JsonObject> decisions(ApiClient api) {
        return api.get("/api/cache/pool/decisions")
                .json()
                .getJsonArray("decisions")
                .getValuesAs(JsonObject.class);
    }

    /** The decisions made after {@code at} (ISO-8601), newest first. */
    private static List<JsonObject> decisionsAfter(ApiClient api, String at) {
        Instant after = Instant.parse(at);
        return decisions(api).stream()
                .filter(decision -> Instant.parse(decision.getString("at")).isAfter(after))
                .toList();
    }

    private static void awaitDecisionsAfter(ApiClient api, String at, int count) {
        await(count + " more decisions")
                .atMost(DECIDED_WITHIN)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> decisionsAfter(api, at).size() >= count);
    }

    /** Waits for a decision from {@code from} to {@code to} cache nodes whose reason has {@code why}. */
    private static JsonObject awaitDecision(ApiClient api, int from, int to, String why) {
        List<JsonObject> seen = new CopyOnWriteArrayList<>();
        List<JsonObject> found = new CopyOnWriteArrayList<>();
        try {
            await("a decision from " + from + " to " + to + " cache nodes: " + why)
                    .atMost(DECIDED_WITHIN)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        List<JsonObject> decisions = decisions(api);
                        seen.clear();
                        seen.addAll(decisions.subList(0, Math.min(3, decisions.size())));
                        decisions.stream()
                                .filter(decision -> decision.getInt("from") == from
                                        && decision.getInt("to") == to
                                        && decision.getString("reason").contains(why))
                                .findFirst()
                                .ifPresent(found::add);
                        return !found.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; the latest decisions: " + seen, e);
        }
        LOG.info("Decided from " + from + " to " + to + ": " + found.get(0));
        return found.get(0);
    }
}
