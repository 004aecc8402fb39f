package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The server killed (SIGKILL) in the middle of a stream of uploads loses nothing it had confirmed. */
class CrashIT {

    @Test
    void killedMidUploadEveryConfirmedUploadSurvivesAndEveryRowHasItsWholeFile() throws Exception {
        Path work = ItConfig.workDir().resolve("crash-" + System.nanoTime());
        Path data = work.resolve("data");
        Map<String, String> env = Map.of("DATA_DIR", data.toString());
        Map<String, String> confirmed = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();

        PayaraServer server = PayaraServer.start(work, env);
        ApiClient api = server.api();
        ExecutorService uploaders = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            uploaders.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    int n = next.getAndIncrement();
                    byte[] image = TestImages.noisyPng(60_000, 9000 + n);
                    try {
                        Answer answer = api.upload("crash-" + n, image);
                        if (answer.succeeded()) {
                            confirmed.put("crash-" + n, ApiIT.sha256(image));
                        }
                    } catch (RuntimeException connectionLost) {
                        return;
                    }
                }
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (confirmed.size() < 40 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        server.kill();
        uploaders.shutdownNow();
        assertTrue(uploaders.awaitTermination(60, TimeUnit.SECONDS));
        assertTrue(confirmed.size() >= 40, "uploads confirmed before the kill: " + confirmed.size());
        Path temp = data.resolve("images/.tmp");
        Files.writeString(temp.resolve("upload-left-by-a-crash.part"), "half an image");

        try (PayaraServer restarted = PayaraServer.start(work, env)) {
            ApiClient after = restarted.api();
            List<JsonObject> rows =
                    after.get("/api/images").json().getJsonArray("images").getValuesAs(JsonObject.class);
            Map<String, String> stored = new ConcurrentHashMap<>();
            for (JsonObject row : rows) {
                Path file = data.resolve("images").resolve(row.getString("path"));
                assertTrue(Files.exists(file), row.getString("key") + " has its file");
                byte[] bytes = Files.readAllBytes(file);
                assertEquals(
                        row.getJsonNumber("bytes").longValue(), bytes.length, row.getString("key") + " file is whole");
                assertEquals(
                        row.getString("path").substring(0, 64), ApiIT.sha256(bytes), row.getString("key") + " hash");
                stored.put(row.getString("key"), ApiIT.sha256(bytes));
            }
            List<String> lost = new ArrayList<>();
            confirmed.forEach((key, sha) -> {
                if (!sha.equals(stored.get(key))) {
                    lost.add(key);
                }
            });
            assertEquals(List.of(), lost, "confirmed uploads missing after the restart");
            for (String key : confirmed.keySet()) {
                assertEquals(
                        confirmed.get(key),
                        ApiIT.sha256(after.get("/images/" + key).body()));
            }
            try (Stream<Path> leftovers = Files.list(temp)) {
                assertEquals(0, leftovers.count(), "temp files are cleaned at start");
            }
        }
    }
}
