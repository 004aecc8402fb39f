package imagecache.frontend.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool manager's calls as the course's tester makes them ({@code configure_cache}, {@code
 * getNumNodes}, {@code getRate}): parameters in the query or a form alike, the course's answer shape,
 * and a bad value refused with a message and nothing changed.
 */
class ManagerApiIT extends ApiTest {

    private static final String CONFIGURE = "/api/configure_cache";

    @AfterEach
    void manualModeAgain() {
        assertTrue(api.postForm(
                        CONFIGURE,
                        Map.of(
                                "mode",
                                "manual",
                                "expRatio",
                                "2",
                                "shrinkRatio",
                                "0.5",
                                "maxMiss",
                                "0.5",
                                "minMiss",
                                "0.2",
                                "scaler",
                                "threshold"))
                .succeeded());
    }

    @Test
    void configuresCapacityPolicyAndScalingInOneCallAndEchoesThePolicyAsNamed() {
        Answer answer = api.post(CONFIGURE + "?mode=manual&numNodes=1&cacheSize=3&policy=RR");
        assertEquals(200, answer.status(), answer.text());
        JsonObject configured = answer.json();
        assertEquals("true", configured.getString("success"));
        assertEquals("manual", configured.getString("mode"));
        assertEquals(1, configured.getInt("numNodes"));
        assertEquals(3, configured.getInt("cacheSize"));
        assertEquals("RR", configured.getString("policy"), "the policy as the caller named it");
        JsonObject config = api.get("/api/cache/config").json();
        assertEquals(3, config.getInt("capacityMB"));
        assertEquals("RANDOM", config.getString("policy"), "the course's RR is random replacement");

        Map<String, String> auto = new LinkedHashMap<>();
        auto.put("mode", "auto");
        auto.put("expRatio", "1.5");
        auto.put("shrinkRatio", "0.25");
        auto.put("maxMiss", "1"); // no miss rate is above it: the shared server's auto-scaler never grows it
        auto.put("minMiss", "0.05");
        JsonObject scaling = api.postForm(CONFIGURE, auto).json();
        assertEquals("auto", scaling.getString("mode"));
        assertEquals(1.5, scaling.getJsonNumber("expRatio").doubleValue());
        assertEquals(0.25, scaling.getJsonNumber("shrinkRatio").doubleValue());
        assertEquals(1.0, scaling.getJsonNumber("maxMiss").doubleValue());
        assertEquals(0.05, scaling.getJsonNumber("minMiss").doubleValue());
        assertEquals(3, scaling.getInt("cacheSize"), "what was left out stays");
        assertEquals("RANDOM", scaling.getString("policy"));

        JsonObject kept = api.post(CONFIGURE + "?minMiss=0.1").json();
        assertEquals("auto", kept.getString("mode"), "the settings are stored, not per call");
        assertEquals(1.5, kept.getJsonNumber("expRatio").doubleValue());
        assertEquals(0.1, kept.getJsonNumber("minMiss").doubleValue());
        assertEquals("threshold", kept.getString("scaler"), "the course's rule unless another is asked for");

        // in manual mode, so that the shared server's auto-scaler stays out of the other tests
        JsonObject target =
                api.post(CONFIGURE + "?mode=manual&scaler=Target&targetHit=0.9").json();
        assertEquals("target", target.getString("scaler"));
        assertEquals(0.9, target.getJsonNumber("targetHit").doubleValue());
        assertEquals(0.1, target.getJsonNumber("minMiss").doubleValue(), "the thresholds stay for the other rule");
    }

    @Test
    void aBadValueIsRefusedWithItsNameAndNothingChanges() {
        assertTrue(api.post(CONFIGURE + "?cacheSize=4&policy=LRU").succeeded());
        List<List<String>> refused = List.of(
                List.of("mode", "sometimes", "mode"),
                List.of("policy", "FIFO", "FIFO"),
                List.of("expRatio", "1", "expRatio"),
                List.of("expRatio", "-2", "expRatio"),
                List.of("shrinkRatio", "0", "shrinkRatio"),
                List.of("shrinkRatio", "1.5", "shrinkRatio"),
                List.of("maxMiss", "1.2", "maxMiss"),
                List.of("minMiss", "0.9", "minMiss"),
                List.of("scaler", "guess", "scaler"),
                List.of("targetHit", "1", "targetHit"),
                List.of("targetHit", "0", "targetHit"),
                List.of("numNodes", "0", "numNodes"),
                List.of("numNodes", "9", "numNodes"),
                List.of("numNodes", "two", "numNodes"),
                List.of("cacheSize", "-1", "cacheSize"),
                List.of("cacheSize", "0", "cacheSize"));
        for (List<String> bad : refused) {
            // each bad value comes with good ones, which must not be applied either
            Map<String, String> form = new LinkedHashMap<>();
            form.put("mode", "auto");
            form.put("cacheSize", "7");
            form.put(bad.get(0), bad.get(1));
            Answer answer = api.postForm(CONFIGURE, form);
            assertEquals(400, answer.status(), bad + ": " + answer.text());
            assertTrue(answer.errorMessage().contains(bad.get(2)), bad + " named in: " + answer.errorMessage());
        }
        JsonObject config = api.get("/api/cache/config").json();
        assertEquals(4, config.getInt("capacityMB"), "nothing changed");
        assertEquals("LRU", config.getString("policy"));
        assertEquals("manual", api.post(CONFIGURE).json().getString("mode"));
        assertEquals(1, api.post("/api/getNumNodes").json().getInt("numNodes"));
    }

    @Test
    void getNumNodesCountsTheNodesServing() {
        JsonObject answer = api.post("/api/getNumNodes").json();
        assertEquals("true", answer.getString("success"));
        assertEquals(1, answer.getInt("numNodes"), "a plain server is a pool of one");
        assertEquals(405, api.get("/api/getNumNodes").status());
    }

    @Test
    void getRateIsThePoolsRateOverTheLastMinuteFromTheSamples() {
        assertTrue(api.upload("manager-rate", TestImages.png(4, 4, 4)).succeeded());
        assertTrue(api.post("/api/cache/clear").succeeded());
        for (int i = 0; i < 5; i++) {
            assertEquals(200, api.get("/images/manager-rate").status());
        }
        await("the reads are in a 5-second sample, and both rates agree with the samples")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    double miss = rate("miss");
                    List<JsonObject> history = api.get("/api/cache/stats")
                            .json()
                            .getJsonArray("history")
                            .getValuesAs(JsonObject.class);
                    double hit = rate("hit");
                    Instant since = Instant.now().minusSeconds(60);
                    long requests = 0;
                    long misses = 0;
                    for (JsonObject sample : history) {
                        if (Instant.parse(sample.getString("at")).isAfter(since)) {
                            requests += sample.getJsonNumber("requests").longValue();
                            misses += sample.getJsonNumber("misses").longValue();
                        }
                    }
                    return requests > 0
                            && misses > 0
                            && Math.abs(miss - (double) misses / requests) < 1e-9
                            && Math.abs(hit + miss - 1) < 1e-9;
                });
        JsonObject answer = api.postForm("/api/getRate", Map.of("rate", "hit")).json();
        assertEquals("hit", answer.getString("rate"), "a form field does as a query parameter");
        assertTrue(answer.getJsonNumber("value").doubleValue() < 1, "the misses count: " + answer);

        for (String bad : List.of("?rate=often", "")) {
            Answer refused = api.post("/api/getRate" + bad);
            assertEquals(400, refused.status(), bad);
            assertTrue(refused.errorMessage().contains("rate must be miss or hit"), refused.errorMessage());
        }
    }

    private double rate(String which) {
        JsonObject answer = api.post("/api/getRate?rate=" + which).json();
        assertEquals("true", answer.getString("success"));
        assertEquals(which, answer.getString("rate"));
        return answer.getJsonNumber("value").doubleValue();
    }
}
