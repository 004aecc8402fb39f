package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.SlowClients.Client;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server at its edges: a thousand uploads that stall after their first bytes and two hundred
 * clients sending their headers a byte a second stay open while ordinary requests run. Every
 * ordinary request is answered, quickly; the stalled uploads are refused or cut within the
 * configured time and leave nothing behind; idle connections are closed.
 */
class SlowClientsIT {

    private static final int STALLED_UPLOADS = 1000;
    private static final int SLOW_HEADERS = 200;
    private static final int ORDINARY_REQUESTS = 500;
    private static final int ORDINARY_PER_SECOND = 50;
    /** The server's default UPLOADS_IN_FLIGHT. */
    private static final int UPLOADS_IN_FLIGHT = 64;
    /** The server's defaults: UPLOAD_RATE_WINDOW_SECONDS and the listener's idle timeout (server-config). */
    private static final int RATE_WINDOW_SECONDS = 10;

    private static final int IDLE_TIMEOUT_SECONDS = 10;

    private static final int HIT_KEYS = 20;

    @RegisterExtension
    static final StartedServers server = StartedServers.shared("plain", StartedServers.PLAIN);

    private static ApiClient api;
    private static Path images;

    @BeforeAll
    static void storeImages() {
        api = server.api();
        images = server.dataDir().resolve("images");
        // capacity 1 MB: the 1.2 MB image is never cached, so reading it is always a miss
        assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "1")).succeeded());
        for (int i = 0; i < HIT_KEYS; i++) {
            assertTrue(api.upload("hit-" + i, TestImages.png(64, 64, i)).succeeded());
        }
        assertTrue(api.upload("miss", TestImages.noisyPng(1_200_000, 7)).succeeded());
    }

    @Test
    void stalledUploadsAndSlowHeadersDoNotStarveOrdinaryRequests() throws Exception {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < ORDINARY_REQUESTS; i++) {
            paths.add(
                    switch (i % 10) {
                        case 7 -> "/images/miss";
                        case 8 -> "/api/cache/stats";
                        case 9 -> "/";
                        default -> "/images/hit-" + (i % HIT_KEYS);
                    });
        }
        paths.forEach(p -> api.get(p)); // warm-up: the JIT, the memcache, the pages
        long heapBefore = server.running().heapUsedAfterGc();

        try (SlowClients slow = new SlowClients()) {
            int port = URI.create(server.baseUrl()).getPort();
            String boundary = "stall";
            String uploadHead =
                    "--" + boundary + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nstalled\r\n--"
                            + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                            + "Content-Type: image/png\r\n\r\n\u0089PNG\r\n\u001a\n";
            for (int i = 0; i < STALLED_UPLOADS; i++) {
                slow.open(
                        port,
                        "POST /api/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary="
                                + boundary + "\r\nContent-Length: 1048576\r\n\r\n" + uploadHead,
                        2000);
            }
            for (int i = 0; i < SLOW_HEADERS; i++) {
                slow.open(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", 1000);
            }
            slow.start();
            // the thousand arrive at once: wait until the server has answered or holds each of them
            long opened = System.nanoTime();
            List<Client> uploads = slow.clients().subList(0, STALLED_UPLOADS);
            while (uploads.stream().filter(c -> c.status() != 0).count() < STALLED_UPLOADS - UPLOADS_IN_FLIGHT
                    && System.nanoTime() - opened < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(20);
            }
            long absorbedMillis = (System.nanoTime() - opened) / 1_000_000;

            // ordinary users, paced (50 a second, whatever the answers take) while the slow clients hold on
            List<Long> millis = Collections.synchronizedList(new ArrayList<>());
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            ScheduledExecutorService users = Executors.newScheduledThreadPool(32);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < paths.size(); i++) {
                String path = paths.get(i);
                done.add(users.schedule(
                        () -> {
                            long start = System.nanoTime();
                            try {
                                HttpResponse<byte[]> response = http.send(
                                        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                                                .timeout(Duration.ofSeconds(10))
                                                .build(),
                                        BodyHandlers.ofByteArray());
                                millis.add((System.nanoTime() - start) / 1_000_000);
                                if (response.statusCode() != 200) {
                                    failures.add(path + " -> " + response.statusCode());
                                }
                            } catch (IOException | InterruptedException e) {
                                failures.add(path + " -> " + e);
                            }
                        },
                        i * 1000L / ORDINARY_PER_SECOND,
                        TimeUnit.MILLISECONDS));
            }
            for (Future<?> each : done) {
                each.get();
            }
            users.shutdown();

            // every stalled upload is refused at once or cut by the rate check, and its connection closed once it
            // has idled after the answer (the server drops the rest of the body meanwhile, holding no thread)
            long deadline = opened + TimeUnit.SECONDS.toNanos(RATE_WINDOW_SECONDS + IDLE_TIMEOUT_SECONDS + 10);
            while (System.nanoTime() < deadline && uploads.stream().anyMatch(c -> !c.isClosed())) {
                Thread.sleep(200);
            }
            List<Client> headers = slow.clients().subList(STALLED_UPLOADS, STALLED_UPLOADS + SLOW_HEADERS);

            List<Long> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            long p50 = sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
            long p99 = sorted.isEmpty() ? -1 : sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
            long refused = uploads.stream().filter(c -> c.status() == 503).count();
            long cut = uploads.stream().filter(c -> c.status() == 408).count();
            double slowest = uploads.stream()
                    .filter(Client::isClosed)
                    .mapToDouble(Client::secondsOpen)
                    .max()
                    .orElse(-1);
            double refusedWithin = uploads.stream()
                    .filter(c -> c.status() == 503)
                    .mapToDouble(Client::secondsToAnswer)
                    .max()
                    .orElse(-1);
            double cutWithin = uploads.stream()
                    .filter(c -> c.status() == 408)
                    .mapToDouble(Client::secondsToAnswer)
                    .max()
                    .orElse(-1);
            long headersOpen = headers.stream().filter(c -> !c.isClosed()).count();
            System.out.printf(
                    Locale.ROOT,
                    "Slow clients: %d stalled uploads answered or held within %d ms of arriving together; "
                            + "%d ordinary requests, p50 %d ms, p99 %d ms, %d failed; of the stalled uploads "
                            + "%d refused (503) within %.1f s, %d cut by the rate check (408) within %.1f s, %d still open, "
                            + "the last closed after %.1f s; "
                            + "%d of %d slow-header clients still open%n",
                    STALLED_UPLOADS,
                    absorbedMillis,
                    sorted.size(),
                    p50,
                    p99,
                    failures.size(),
                    refused,
                    refusedWithin,
                    cut,
                    cutWithin,
                    uploads.stream().filter(c -> !c.isClosed()).count(),
                    slowest,
                    headersOpen,
                    SLOW_HEADERS);

            assertEquals(List.of(), failures, "every ordinary request answers 200");
            assertTrue(p99 < 250, "p99 of ordinary requests under 250 ms: " + p99 + " ms");
            assertEquals(0, uploads.stream().filter(c -> !c.isClosed()).count(), "every stalled upload is closed");
            assertEquals(STALLED_UPLOADS, refused + cut, "each was answered 503 or 408 before it was closed");
            String refusal = uploads.stream()
                    .filter(c -> c.status() == 503)
                    .findFirst()
                    .orElseThrow()
                    .answer
                    .toString();
            assertTrue(
                    refusal.contains("Retry-After: 2")
                            && refusal.contains("\"code\":503")
                            && refusal.contains("Too many uploads in progress"),
                    refusal);
            String cutOff = uploads.stream()
                    .filter(c -> c.status() == 408)
                    .findFirst()
                    .orElseThrow()
                    .answer
                    .toString();
            assertTrue(cutOff.contains("Upload too slow"), cutOff);
            assertTrue(refusedWithin < 5, "refused at once: " + refusedWithin + " s");
            assertTrue(cutWithin <= RATE_WINDOW_SECONDS + 5, "cut after one rate window: " + cutWithin + " s");
            assertTrue(
                    slowest <= RATE_WINDOW_SECONDS + IDLE_TIMEOUT_SECONDS + 5,
                    "closed within the rate window and the idle timeout: " + slowest + " s");
        }

        try (Stream<Path> temp = Files.list(images.resolve(".tmp"))) {
            assertEquals(0, temp.count(), "no temp file is left behind");
        }
        List<String> stored =
                api.get("/api/list_keys").json().getJsonArray("keys").getValuesAs(JsonString::getString);
        assertTrue(
                !stored.contains("stalled") && stored.size() == HIT_KEYS + 1, "no row of a stalled upload: " + stored);
        long heapAfter = server.running().heapUsedAfterGc();
        System.out.printf(
                Locale.ROOT,
                "Heap in use after GC: %d MB before the slow clients, %d MB after%n",
                heapBefore >> 20,
                heapAfter >> 20);
        assertTrue(
                heapAfter < heapBefore + (64 << 20),
                "memory back to normal: " + (heapBefore >> 20) + " -> " + (heapAfter >> 20) + " MB");
    }

    @Test
    void idleConnectionsAndPausedHeadersAreClosed() throws Exception {
        try (SlowClients clients = new SlowClients()) {
            int port = URI.create(server.baseUrl()).getPort();
            long never = TimeUnit.HOURS.toMillis(1);
            // a finished request on a keep-alive connection, then nothing
            Client idle = clients.open(port, "GET /api/cache/config HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", never);
            // half a request line, then nothing
            Client paused = clients.open(port, "GET /api/cache/con", never);
            clients.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(IDLE_TIMEOUT_SECONDS + 10);
            while (System.nanoTime() < deadline && !(idle.isClosed() && paused.isClosed())) {
                Thread.sleep(200);
            }
            assertEquals(200, idle.status(), idle.answer.toString());
            assertTrue(idle.isClosed() && paused.isClosed(), "both closed by the server");
            System.out.printf(
                    Locale.ROOT,
                    "Idle keep-alive connection closed after %.1f s, paused request after %.1f s%n",
                    idle.secondsOpen(),
                    paused.secondsOpen());
            assertTrue(
                    idle.secondsOpen() >= IDLE_TIMEOUT_SECONDS - 1 && idle.secondsOpen() <= IDLE_TIMEOUT_SECONDS + 3);
            assertTrue(paused.secondsOpen() >= IDLE_TIMEOUT_SECONDS - 1
                    && paused.secondsOpen() <= IDLE_TIMEOUT_SECONDS + 3);
        }
    }

    /**
     * Five hundred clients reading hits at once, each on its own connection: every read is answered,
     * from the memcache, within the client's timeout. (The front end's reads wait on the memcache;
     * were the memcache's requests served by the same threads, they could wait for each other.)
     */
    @Test
    void fiveHundredConcurrentReadersAreAllAnsweredFromTheMemcache() throws Exception {
        int readers = 500;
        int readsEach = 10;
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        List<Future<String>> results = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(readers);
        for (int r = 0; r < readers; r++) {
            int reader = r;
            results.add(pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
                ready.countDown();
                ready.await();
                for (int i = 0; i < readsEach; i++) {
                    String key = "hit-" + (reader + i) % HIT_KEYS;
                    HttpResponse<byte[]> response = http.send(
                            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/images/" + key))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            BodyHandlers.ofByteArray());
                    String cache = response.headers().firstValue("X-Cache").orElse("");
                    if (response.statusCode() != 200 || !cache.equals("HIT") || response.body().length == 0) {
                        return key + " -> " + response.statusCode() + " " + cache;
                    }
                }
                return null;
            }));
        }
        List<String> failures = new ArrayList<>();
        for (Future<String> result : results) {
            try {
                String failure = result.get(120, TimeUnit.SECONDS);
                if (failure != null) {
                    failures.add(failure);
                }
            } catch (ExecutionException e) {
                failures.add(String.valueOf(e.getCause()));
            }
        }
        pool.shutdownNow();
        assertEquals(
                List.of(),
                failures.stream().limit(10).toList(),
                failures.size() + " of " + readers + " readers had a read that failed or missed the memcache");
    }
}
