package imagecache.frontend.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Uploads and reads of a fixed set of keys through a pool while it changes, each read's bytes compared
 * with the last upload of its key acknowledged before the read began (or a later one): what the pool
 * tests assert is that no read fails and none is older than that. Also the pool API's views they share.
 */
final class PoolLoad {

    private final ApiClient writer;
    private final ApiClient reader;
    private final int keys;

    /** Per key, the hash of every image uploaded under it, in order, and how many were acknowledged. */
    private final Map<String, List<String>> versions = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> acknowledged = new ConcurrentHashMap<>();
    private final List<String> failed = new CopyOnWriteArrayList<>();
    private final List<String> stale = new CopyOnWriteArrayList<>();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong uploads = new AtomicLong();
    private int stillKeys;

    /**
     * @param writer uploads (with the admin token where one is set)
     * @param reader reads, as anyone
     * @param keys how many keys: key-0 to key-(keys - 1)
     */
    PoolLoad(ApiClient writer, ApiClient reader, int keys) {
        this.writer = writer;
        this.reader = reader;
        this.keys = keys;
    }

    /** Uploads every key once. */
    void uploadEveryKey() {
        for (int i = 0; i < keys; i++) {
            upload("key-" + i);
        }
    }

    void readEveryKey() {
        for (int i = 0; i < keys; i++) {
            read("key-" + i);
        }
    }

    void upload(String key) {
        byte[] image = TestImages.png(6, 6, uploads.incrementAndGet() * 7919 + key.hashCode());
        List<String> hashes = versions.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
        hashes.add(TestImages.sha256(image));
        Answer answer = writer.upload(key, image);
        if (!answer.succeeded()) {
            failed.add("upload " + key + ": " + answer.status() + " " + answer.text());
            return;
        }
        acknowledged.computeIfAbsent(key, k -> new AtomicInteger()).set(hashes.size());
    }

    /**
     * Uploads {@code count} keys that the running load never touches ({@code still-0} on), so that
     * whether they stay cached through a change of the pool says what the change itself kept.
     */
    void uploadStillKeys(int count) {
        for (int i = 0; i < count; i++) {
            upload("still-" + i);
        }
        stillKeys = count;
    }

    /** Reads every still key once; returns how many the memcache served (X-Cache: HIT). */
    int readStillKeys() {
        int hits = 0;
        for (int i = 0; i < stillKeys; i++) {
            if (read("still-" + i)) {
                hits++;
            }
        }
        return hits;
    }

    /** Reads the key and checks its bytes; returns whether the memcache served it. */
    boolean read(String key) {
        int known = acknowledged.get(key).get();
        Answer answer = reader.get("/images/" + key);
        reads.incrementAndGet();
        if (answer.status() != 200) {
            failed.add("read " + key + ": " + answer.status() + " " + answer.text());
            return false;
        }
        int version = versions.get(key).lastIndexOf(TestImages.sha256(answer.body())) + 1;
        if (version < known) {
            stale.add(key + ": version " + version + " after version " + known + " was acknowledged ("
                    + answer.header("X-Cache") + ")");
        }
        return "HIT".equals(answer.header("X-Cache"));
    }

    long reads() {
        return reads.get();
    }

    long uploads() {
        return uploads.get();
    }

    void assertNoBadRead() {
        assertEquals(List.of(), failed, "failed reads and uploads");
        assertEquals(List.of(), stale, "reads of an image older than the last acknowledged upload");
    }

    /**
     * Three readers of random keys and one writer that uploads a random key again every 100 ms, each
     * uploaded key then read at once by the writer too, until closed.
     */
    Running start() {
        return new Running();
    }

    /** Waits until the pool API answers with no resize under way and {@code size} cache nodes up. */
    static void awaitPool(ApiClient api, int size, Duration within) {
        await("the pool has " + size + " cache nodes answering and no resize under way")
                .atMost(within)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Answer answer = api.get("/api/cache/pool");
                    if (answer.status() != 200) {
                        return false;
                    }
                    JsonObject pool = answer.json();
                    return !pool.getBoolean("changing")
                            && upNodes(pool) == size
                            && pool.getJsonArray("nodes").size() == size;
                });
    }

    /** The nodes of a {@code GET /api/cache/pool} answer. */
    static List<JsonObject> nodes(JsonObject pool) {
        return pool.getJsonArray("nodes").getValuesAs(JsonObject.class);
    }

    static int upNodes(JsonObject pool) {
        return (int) nodes(pool).stream()
                .filter(node -> "up".equals(node.getString("state")))
                .count();
    }

    final class Running implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final List<Future<?>> started = new ArrayList<>();

        private Running() {
            for (int r = 0; r < 3; r++) {
                Random random = new Random(r);
                started.add(threads.submit(() -> {
                    while (running.get()) {
                        read("key-" + random.nextInt(keys));
                    }
                    return null;
                }));
            }
            Random random = new Random(99);
            started.add(threads.submit(() -> {
                while (running.get()) {
                    String key = "key-" + random.nextInt(keys);
                    upload(key);
                    read(key);
                    Thread.sleep(100);
                }
                return null;
            }));
        }

        /** Waits until {@code count} reads have been made since the load's start. */
        void awaitReads(long count) {
            await(count + " reads").atMost(Duration.ofSeconds(120)).until(() -> reads.get() >= count);
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            for (Future<?> thread : started) {
                thread.get(120, TimeUnit.SECONDS);
            }
            threads.shutdown();
        }
    }
}
