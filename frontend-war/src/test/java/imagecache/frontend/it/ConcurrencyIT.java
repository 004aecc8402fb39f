package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many clients at once against a running server: uploads of one key, and everything racing. */
class ConcurrencyIT {

    @RegisterExtension
    static final StartedServers server = StartedServers.shared("plain", StartedServers.PLAIN);

    @Test
    void thirtyTwoConcurrentUploadsOfOneKeyLeaveOneConsistentImage() throws Exception {
        ApiClient api = server.api();
        String key = "contended";
        Map<String, byte[]> imagesByHash = new HashMap<>();
        List<Callable<Answer>> uploads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 32; i++) {
            byte[] image = TestImages.noisyPng(20_000, 3200 + i);
            imagesByHash.put(TestImages.sha256(image), image);
            uploads.add(() -> {
                start.await();
                return api.upload(key, image);
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<Answer>> answers = new ArrayList<>();
        for (Callable<Answer> upload : uploads) {
            answers.add(pool.submit(upload));
        }
        start.countDown();
        for (Future<Answer> answer : answers) {
            assertTrue(answer.get(120, TimeUnit.SECONDS).succeeded());
        }
        pool.shutdown();

        List<JsonObject> rows =
                api.get("/api/images").json().getJsonArray("images").getValuesAs(JsonObject.class).stream()
                        .filter(r -> r.getString("key").equals(key))
                        .toList();
        assertEquals(1, rows.size(), "exactly one row");
        String storedName = rows.get(0).getString("path");
        String hash = storedName.substring(0, 64);
        byte[] winner = imagesByHash.get(hash);
        assertTrue(winner != null, "the row names one of the uploaded images");
        byte[] onDisk = Files.readAllBytes(server.dataDir().resolve("images").resolve(storedName));
        assertArrayEquals(winner, onDisk, "the file matches its recorded hash");
        assertEquals(winner.length, rows.get(0).getJsonNumber("bytes").longValue(), "and its recorded size");
        java.util.Set<String> referenced = new java.util.TreeSet<>(
                api.get("/api/images").json().getJsonArray("images").getValuesAs(JsonObject.class).stream()
                        .flatMap(r -> Stream.of(
                                r.getString("path"), r.getString("path").substring(0, 64) + ".thumb"))
                        .toList());
        try (Stream<Path> files = Files.list(server.dataDir().resolve("images"))) {
            assertEquals(
                    referenced,
                    new java.util.TreeSet<>(files.filter(Files::isRegularFile)
                            .map(f -> f.getFileName().toString())
                            .toList()),
                    "no orphan files: every file and thumbnail is some key's");
        }
        for (String other : imagesByHash.keySet()) {
            assertEquals(
                    other.equals(hash),
                    Files.exists(server.dataDir().resolve("images").resolve(other + ".png")),
                    "only the winner's file is kept");
        }
        try (Stream<Path> temp = Files.list(server.dataDir().resolve("images").resolve(".tmp"))) {
            assertEquals(0, temp.count(), "no temp files");
        }
        JsonObject read = api.get("/api/key/" + key).json();
        assertTrue(read.getBoolean("cached"), "the memcache holds the image the row names");
        assertArrayEquals(winner, Base64.getDecoder().decode(read.getString("content")));
        assertArrayEquals(winner, api.get("/images/" + key).body());
    }

    @Test
    void readsUploadsDeletesAndConfigChangesRacingKeepTheMemcacheWithinBoundsAndCountersExact() throws Exception {
        ApiClient api = server.api();
        assertTrue(api.post("/api/cache/clear").succeeded());
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            images.add(TestImages.noisyPng(120_000, 7000 + i));
            assertTrue(api.upload("race-" + i, images.get(i)).succeeded());
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        AtomicInteger requests = new AtomicInteger();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Callable<Void>> workers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            long seed = w;
            workers.add(() -> {
                Random random = new Random(seed);
                while (System.nanoTime() < end && errors.size() < 5) {
                    int i = random.nextInt(images.size());
                    String key = "race-" + i;
                    Answer answer = switch (random.nextInt(10)) {
                        case 0 -> api.upload(key, images.get(i));
                        case 1 -> api.delete("/api/key/" + key);
                        case 2 ->
                            api.postForm(
                                    "/api/cache/config",
                                    Map.of(
                                            "capacityMB",
                                            String.valueOf(1 + random.nextInt(2)),
                                            "policy",
                                            random.nextBoolean() ? "LRU" : "RANDOM"));
                        case 3 -> api.post("/api/cache/clear");
                        default -> api.get("/images/" + key);
                    };
                    requests.incrementAndGet();
                    if (answer.status() >= 500 || (answer.status() != 200 && answer.status() != 404)) {
                        errors.add(key + " -> " + answer.status() + " "
                                + new String(answer.body(), StandardCharsets.UTF_8));
                    } else if (answer.status() == 200
                            && answer.header("Content-Type").startsWith("image/")) {
                        assertArrayEquals(images.get(i), answer.body(), key + " served another image's bytes");
                    }
                    JsonObject stats = api.get("/api/cache/stats").json().getJsonObject("stats");
                    if (stats.getJsonNumber("bytes").longValue()
                            > stats.getJsonNumber("capacityBytes").longValue()) {
                        errors.add("over capacity: " + stats);
                    }
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers.size());
        for (Future<Void> done : pool.invokeAll(workers)) {
            done.get();
        }
        pool.shutdown();
        assertEquals(List.of(), errors);
        assertTrue(requests.get() > 100, "requests made: " + requests.get());
        JsonObject stats = api.get("/api/cache/stats").json().getJsonObject("stats");
        assertEquals(
                stats.getJsonNumber("requests").longValue(),
                stats.getJsonNumber("hits").longValue()
                        + stats.getJsonNumber("misses").longValue());
        assertTrue(stats.getJsonNumber("bytes").longValue()
                <= stats.getJsonNumber("capacityBytes").longValue());
        assertTrue(api.post("/api/cache/refresh").succeeded());
    }
}
