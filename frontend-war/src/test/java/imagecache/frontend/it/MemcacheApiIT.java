package imagecache.frontend.it;

import static imagecache.frontend.it.ApiChecks.MB;
import static imagecache.frontend.it.ApiChecks.content;
import static imagecache.frontend.it.ApiChecks.database;
import static imagecache.frontend.it.ApiChecks.stats;
import static imagecache.frontend.it.TestImages.sha256;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The memcache through the front end's API: hits and misses, revalidation, capacity and the
 * eviction policies, configuration and its validation, clear and refresh, the hit-rate curve, the
 * exported trace and the stats sampled into the database.
 */
class MemcacheApiIT extends ApiTest {

    @Test
    void readsAreHitsAfterUploadAndMissesAfterClear() {
        byte[] image = TestImages.png(6, 6, 66);
        assertTrue(api.upload("hits", image).succeeded());
        JsonObject before = stats(api);
        assertTrue(api.get("/api/key/hits").json().getBoolean("cached"), "an upload puts the image into the memcache");
        assertTrue(api.post("/api/cache/clear").succeeded());
        assertEquals(0, stats(api).getInt("items"));
        assertFalse(api.get("/api/key/hits").json().getBoolean("cached"), "a read after clear comes from disk");
        assertTrue(api.get("/api/key/hits").json().getBoolean("cached"), "and puts the image back");
        JsonObject after = stats(api);
        assertEquals(before.getInt("requests") + 3, after.getInt("requests"));
        assertEquals(before.getInt("hits") + 2, after.getInt("hits"));
        assertEquals(before.getInt("misses") + 1, after.getInt("misses"));
        assertEquals(
                (double) after.getInt("hits") / after.getInt("requests"),
                after.getJsonNumber("hitRate").doubleValue(),
                1e-9);
        assertEquals(
                (double) after.getInt("misses") / after.getInt("requests"),
                after.getJsonNumber("missRate").doubleValue(),
                1e-9);
        assertEquals(1, after.getInt("items"));
        assertEquals(image.length, after.getJsonNumber("bytes").longValue());
    }

    @Test
    void revalidationIsAnsweredByTheMemcacheAgainstTheCurrentImage() {
        byte[] first = TestImages.png(6, 6, 606);
        byte[] second = TestImages.png(7, 7, 707);
        assertTrue(api.upload("revalidated", first).succeeded());
        String firstTag = api.get("/images/revalidated").header("ETag");
        JsonObject before = stats(api);
        Answer unchanged = api.get("/images/revalidated", "If-None-Match", firstTag);
        assertEquals(304, unchanged.status());
        assertEquals("HIT", unchanged.header("X-Cache"));
        assertEquals(before.getInt("hits") + 1, stats(api).getInt("hits"), "a revalidation is a memcache hit");
        assertTrue(api.upload("revalidated", second).succeeded());
        Answer replaced = api.get("/images/revalidated", "If-None-Match", firstTag);
        assertEquals(200, replaced.status(), "the old tag no longer matches");
        assertArrayEquals(second, replaced.body());
        assertEquals("\"" + sha256(second) + "\"", replaced.header("ETag"));
    }

    @Test
    void capacityBoundsTheMemcacheAndLruEvictsTheLeastRecentlyRead() {
        assertTrue(api.post("/api/cache/clear").succeeded());
        assertEquals(
                1,
                api.postForm("/api/cache/config", Map.of("capacityMB", "1", "policy", "LRU"))
                        .json()
                        .getInt("capacityMB"));
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            images.add(TestImages.noisyPng(300_000, 300 + i));
            assertTrue(api.upload("lru-" + i, images.get(i)).succeeded());
        }
        // 4 x ~300 KB do not fit in 1 MB: lru-0 was evicted when lru-3 came in
        JsonObject stats = stats(api);
        assertEquals(3, stats.getInt("items"));
        assertTrue(stats.getJsonNumber("bytes").longValue() <= MB);
        assertEquals(MB, stats.getJsonNumber("capacityBytes").longValue());
        assertFalse(api.get("/api/key/lru-0").json().getBoolean("cached"));
        // reading lru-0 brought it back and evicted lru-1, the least recently used
        assertFalse(api.get("/api/key/lru-1").json().getBoolean("cached"));
        assertTrue(api.get("/api/key/lru-0").json().getBoolean("cached"));
        assertArrayEquals(images.get(0), content(api, "lru-0"));
    }

    @Test
    void randomPolicyNeverExceedsTheCapacity() {
        assertTrue(api.post("/api/cache/clear").succeeded());
        JsonObject config = api.postForm("/api/cache/config", Map.of("capacityMB", "1", "policy", "random"))
                .json();
        assertEquals("RANDOM", config.getString("policy"));
        long evictionsBefore = stats(api).getJsonNumber("evictions").longValue();
        for (int i = 0; i < 8; i++) {
            byte[] image = TestImages.noisyPng(200_000, 800 + i);
            assertTrue(api.upload("random-" + i, image).succeeded());
            JsonObject stats = stats(api);
            assertTrue(stats.getJsonNumber("bytes").longValue() <= MB, "over capacity after upload " + i);
            assertEquals("RANDOM", stats.getString("policy"));
        }
        JsonObject stats = stats(api);
        assertTrue(stats.getInt("items") >= 4 && stats.getInt("items") <= 5, "items: " + stats.getInt("items"));
        assertTrue(stats.getJsonNumber("evictions").longValue() - evictionsBefore >= 3);
    }

    @Test
    void shrinkingTheCapacityEvictsAndAnImageLargerThanTheCapacityIsNotCached() {
        assertTrue(api.post("/api/cache/clear").succeeded());
        byte[] large = TestImages.noisyPng(1_200_000, 12);
        assertTrue(api.upload("larger-than-1mb", large).succeeded());
        assertEquals(1, stats(api).getInt("items"));
        assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "1")).succeeded());
        assertEquals(0, stats(api).getInt("items"), "shrinking evicted it");
        Answer read = api.get("/api/key/larger-than-1mb");
        assertArrayEquals(large, Base64.getDecoder().decode(read.json().getString("content")));
        assertFalse(read.json().getBoolean("cached"));
        assertEquals(0, stats(api).getInt("items"), "too big to be cached");
    }

    @Test
    void aReplacementLargerThanTheCapacityDropsTheCachedOldImage() {
        assertTrue(api.post("/api/cache/clear").succeeded());
        assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "1")).succeeded());
        byte[] small = TestImages.png(8, 8, 808);
        assertTrue(api.upload("outgrown", small).succeeded());
        assertTrue(api.get("/api/key/outgrown").json().getBoolean("cached"));
        byte[] large = TestImages.noisyPng(1_200_000, 809);
        assertTrue(api.upload("outgrown", large).succeeded());
        assertEquals(0, stats(api).getInt("items"), "neither the new image (too big) nor the old one is cached");
        Answer read = api.get("/images/outgrown");
        assertEquals("MISS", read.header("X-Cache"));
        assertArrayEquals(large, read.body());
    }

    @Test
    void badConfigurationIsRefusedAndNothingChanges() throws Exception {
        assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "7", "policy", "RANDOM"))
                .succeeded());
        for (Map<String, String> bad : List.of(
                Map.of("capacityMB", "abc"),
                Map.of("capacityMB", "0"),
                Map.of("capacityMB", "-3"),
                Map.of("capacityMB", "1.5"),
                Map.of("policy", "LFU"),
                Map.of("capacityMB", "5", "policy", "FIFO"),
                Map.<String, String>of())) {
            Answer answer = api.postForm("/api/cache/config", bad);
            assertEquals(400, answer.status(), bad.toString());
            assertEquals(400, answer.errorCode());
        }
        assertEquals(
                "policy must be one of LRU, RANDOM (or RR), TINYLFU, not 'LFU'",
                api.postForm("/api/cache/config", Map.of("policy", "LFU")).errorMessage());
        JsonObject config = api.get("/api/cache/config").json();
        assertEquals(7, config.getInt("capacityMB"));
        assertEquals("RANDOM", config.getString("policy"));
        try (Connection db = database();
                ResultSet row = db.createStatement().executeQuery("SELECT capacity_mb, policy FROM cache_config")) {
            assertTrue(row.next());
            assertEquals(7, row.getInt(1));
            assertEquals("RANDOM", row.getString(2));
        }
    }

    @Test
    void theCoursesPolicyNameRrMeansRandom() {
        JsonObject config = api.postForm("/api/cache/config", Map.of("capacityMB", "4", "policy", "rr"))
                .json();
        assertEquals("RANDOM", config.getString("policy"));
        assertEquals("RANDOM", stats(api).getString("policy"));
    }

    @Test
    void tinyLfuKeepsTheImagesReadOftenThroughAScanThatFlushesLru() {
        assertEquals(0, hotHitsAfterAScan("LRU"), "LRU: the scan flushed every image read often");
        int kept = hotHitsAfterAScan("tinylfu");
        assertTrue(kept >= 7, "TINYLFU kept " + kept + " of 8");
        assertEquals("TINYLFU", api.get("/api/cache/config").json().getString("policy"));
    }

    @Test
    void theCurveGivesLrusHitRateAtOtherCapacitiesAndStartsAgainAfterClear() {
        assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "1", "policy", "LRU"))
                .succeeded());
        assertTrue(api.post("/api/cache/clear").succeeded());
        JsonObject cleared = api.get("/api/cache/stats").json();
        assertEquals(0, cleared.getJsonNumber("curveReads").longValue());
        // 12 images of about 110 KB: 1 MB holds 9 of them, 2 MB all
        for (int i = 0; i < 12; i++) {
            assertTrue(api.upload("curve-" + i, TestImages.noisyPng(110_000, 900 + i))
                    .succeeded());
        }
        long hitsBefore = stats(api).getJsonNumber("hits").longValue();
        // reading them in turn, each read comes after 11 other images: LRU misses them all in 1 MB
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 12; i++) {
                assertEquals("MISS", api.get("/images/curve-" + i).header("X-Cache"));
            }
        }
        assertEquals(hitsBefore, stats(api).getJsonNumber("hits").longValue());

        JsonObject answer = api.get("/api/cache/stats").json();
        assertEquals(48, answer.getJsonNumber("curveReads").longValue());
        List<JsonObject> curve = answer.getJsonArray("curve").getValuesAs(JsonObject.class);
        assertEquals(
                List.of(0.25, 0.5, 1.0, 2.0, 4.0, 8.0),
                curve.stream()
                        .map(p -> p.getJsonNumber("capacityMB").doubleValue())
                        .toList());
        double[] rates = curve.stream()
                .mapToDouble(p -> p.getJsonNumber("hitRate").doubleValue())
                .toArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(0.0, rates[i], 0.01, "at " + curve.get(i) + ", as measured at 1 MB");
        }
        for (int i = 3; i < 6; i++) {
            assertEquals(1.0, rates[i], 0.01, "at " + curve.get(i) + " all 12 fit");
        }

        assertTrue(api.post("/api/cache/clear").succeeded());
        answer = api.get("/api/cache/stats").json();
        assertEquals(0, answer.getJsonNumber("curveReads").longValue());
        assertTrue(answer.getJsonArray("curve").getValuesAs(JsonObject.class).stream()
                .allMatch(p -> p.getJsonNumber("hitRate").doubleValue() == 0));
    }

    @Test
    void theSampledReadsCanBeExportedAsATraceForTheSimulator() {
        assertTrue(api.post("/api/cache/clear").succeeded());
        String key = "trace \"é\" ..<b>%";
        byte[] image = TestImages.png(7, 7, 77);
        assertTrue(api.upload(key, image).succeeded());
        assertEquals(200, api.get("/images/" + ApiClient.encode(key)).status());
        assertEquals(200, api.get("/images/" + ApiClient.encode(key)).status());
        Answer trace = api.get("/api/cache/trace");
        assertEquals(200, trace.status());
        assertTrue(trace.header("Content-Type").startsWith("text/plain"));
        List<String> lines =
                new String(trace.body(), StandardCharsets.UTF_8).lines().toList();
        assertEquals("# keys: percent-encoded", lines.get(0));
        // percent-encoded: space, '%' and non-ASCII bytes; quotes, dots and '<' as they are
        String line = "trace%20\"%C3%A9\"%20..<b>%25\t" + image.length;
        assertEquals(2, lines.stream().filter(line::equals).count(), String.join("\n", lines));
    }

    @Test
    void refreshRestoresTheDefaults() {
        assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "3", "policy", "random"))
                .succeeded());
        JsonObject refreshed = api.post("/api/cache/refresh").json();
        assertEquals("true", refreshed.getString("success"));
        assertEquals(10, refreshed.getInt("capacityMB"));
        assertEquals("LRU", refreshed.getString("policy"));
        assertEquals(10 * MB, stats(api).getJsonNumber("capacityBytes").longValue());
        assertEquals("LRU", stats(api).getString("policy"));
    }

    @Test
    void statsAreSampledIntoTheDatabaseEveryFiveSecondsAndShownAsHistory() throws Exception {
        Timestamp start = Timestamp.from(Instant.now().minusSeconds(1));
        List<Instant> samples = await("three samples since the test began")
                .atMost(Duration.ofSeconds(25))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> samplesSince(start), sampled -> sampled.size() >= 3);
        for (int i = 1; i < samples.size(); i++) {
            long gapMillis =
                    Duration.between(samples.get(i - 1), samples.get(i)).toMillis();
            assertTrue(gapMillis >= 4_000 && gapMillis <= 6_000, "samples 5 s apart: " + samples);
        }
        JsonArray history = api.get("/api/cache/stats").json().getJsonArray("history");
        List<Instant> shown = history.getValuesAs(JsonObject.class).stream()
                .map(h -> Instant.parse(h.getString("at")))
                .toList();
        assertTrue(shown.containsAll(samples), "history " + shown + " lacks " + samples);
        assertTrue(shown.stream()
                .allMatch(at ->
                        at.isAfter(Instant.now().minus(Duration.ofMinutes(10).plusSeconds(5)))));
        JsonObject point = history.getJsonObject(history.size() - 1);
        for (String field : List.of("at", "items", "bytes", "requests", "hits", "misses", "hitRate", "missRate")) {
            assertTrue(point.containsKey(field), field);
        }
    }

    /** With room for 20 images: 8 read 5 times each, then 60 others uploaded and read once; how many of the 8 hit. */
    private int hotHitsAfterAScan(String policy) {
        assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "1", "policy", policy))
                .succeeded());
        assertTrue(api.post("/api/cache/clear").succeeded());
        for (int i = 0; i < 8; i++) {
            assertTrue(
                    api.upload("hot-" + i, TestImages.noisyPng(50_000, 700 + i)).succeeded());
        }
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 8; i++) {
                assertEquals(200, api.get("/images/hot-" + i).status());
            }
        }
        for (int i = 0; i < 60; i++) {
            assertTrue(api.upload("scan-" + i, TestImages.noisyPng(50_000, 800 + i))
                    .succeeded());
            assertEquals(200, api.get("/images/scan-" + i).status());
        }
        int hits = 0;
        for (int i = 0; i < 8; i++) {
            hits += "HIT".equals(api.get("/images/hot-" + i).header("X-Cache")) ? 1 : 0;
        }
        return hits;
    }

    private static List<Instant> samplesSince(Timestamp start) throws SQLException {
        List<Instant> samples = new ArrayList<>();
        try (Connection db = database();
                PreparedStatement query = db.prepareStatement(
                        "SELECT sampled_at FROM cache_stats WHERE sampled_at >= ? ORDER BY sampled_at")) {
            query.setTimestamp(1, start);
            ResultSet rows = query.executeQuery();
            while (rows.next()) {
                samples.add(rows.getTimestamp(1).toInstant());
            }
        }
        return samples;
    }
}
