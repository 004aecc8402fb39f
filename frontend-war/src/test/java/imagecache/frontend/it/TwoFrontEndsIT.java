package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two front ends (two servers) on one database, one image folder and one memcache, as front ends
 * behind a load balancer are: what one stores the other serves at once, and uploads and deletes of
 * the same keys and of identical images racing through both leave one row per key, each with its
 * whole file, and no file that no key uses.
 */
class TwoFrontEndsIT {

    private static final String DATABASE = "imagecache_test_two_front_ends";
    private static final int KEYS = 3;
    private static final int WRITERS_PER_FRONT_END = 6;
    private static final long RACE_MILLIS = 8_000;

    @RegisterExtension
    static final StartedServers servers = StartedServers.own();

    @Test
    void twoFrontEndsServeTheSameImagesAndTheirRacingWritesLeaveEveryRowWithItsFileAndNoOrphan() throws Exception {
        try (ScratchDatabase database = ScratchDatabase.create(DATABASE)) {
            Path images = servers.folder().resolve("shared-images");
            Map<String, String> shared = Map.of(
                    "DB_URL", database.url(),
                    "DB_USER", ItConfig.dbUser(),
                    "DB_PASSWORD", ItConfig.dbPassword(),
                    "IMAGES_DIR", images.toString());
            PayaraServer first = servers.start(shared);
            Map<String, String> second = new HashMap<>(shared);
            second.put("CACHE_URL", first.baseUrl() + "/cache"); // one memcache for both, as a pool is
            List<ApiClient> frontEnds =
                    List.of(first.api(), servers.start(second).api());

            whatOneStoresTheOtherServes(frontEnds.get(0), frontEnds.get(1));
            race(frontEnds);
            everyRowHasItsWholeFileAndNoFileIsLeftOver(frontEnds, images, database);
            aFrontEndOnAnotherServersMemcacheCannotResizeIt(frontEnds.get(1));
        }
    }

    private static void aFrontEndOnAnotherServersMemcacheCannotResizeIt(ApiClient api) {
        int capacity = api.get("/api/cache/config").json().getInt("capacityMB");
        ApiClient.Answer resize = api.post("/api/configure_cache?numNodes=2&cacheSize=" + (capacity + 1));
        assertEquals(409, resize.status(), resize.text());
        assertTrue(resize.errorMessage().contains("not a pool"), resize.errorMessage());
        assertEquals(capacity, api.get("/api/cache/config").json().getInt("capacityMB"), "nothing changed");
        assertEquals(1, api.post("/api/getNumNodes").json().getInt("numNodes"));
        ApiClient.Answer page = api.get("/manager.xhtml");
        assertEquals(200, page.status(), "the pool manager page works all the same");
        assertTrue(
                page.text().contains("memcache is one node, not a pool"),
                "and says the memcache is one node: " + page.text());
    }

    private static void whatOneStoresTheOtherServes(ApiClient first, ApiClient second) {
        byte[] one = TestImages.png(20, 20, 1);
        byte[] two = TestImages.png(20, 20, 2);
        assertTrue(first.upload("across", one).succeeded());
        assertArrayEquals(one, second.get("/images/across").body());
        assertTrue(second.upload("across", two).succeeded());
        assertArrayEquals(two, first.get("/images/across").body(), "replaced through the other front end");
        assertArrayEquals(two, second.get("/images/across").body());
        assertTrue(first.delete("/api/key/across").succeeded());
        assertEquals(404, second.get("/images/across").status());
    }

    /** Uploads (of four images, so that keys share files) and deletes of three keys through both. */
    private static void race(List<ApiClient> frontEnds) throws Exception {
        List<byte[]> pictures = List.of(
                TestImages.noisyPng(30_000, 41),
                TestImages.noisyPng(30_000, 42),
                TestImages.noisyPng(30_000, 43),
                TestImages.noisyPng(30_000, 44));
        Set<String> hashes = pictures.stream().map(TestImages::sha256).collect(Collectors.toSet());
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> served = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(frontEnds.size() * WRITERS_PER_FRONT_END);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RACE_MILLIS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < frontEnds.size() * WRITERS_PER_FRONT_END; w++) {
            ApiClient api = frontEnds.get(w % frontEnds.size());
            Random random = new Random(w);
            writers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    String key = "raced-" + random.nextInt(KEYS);
                    int op = random.nextInt(10);
                    Answer answer = op < 6
                            ? api.upload(key, pictures.get(random.nextInt(pictures.size())))
                            : op < 8 ? api.delete("/api/key/" + key) : api.get("/images/" + key);
                    boolean fine = switch (op) {
                        case 0, 1, 2, 3, 4, 5 -> answer.status() == 200;
                        case 6, 7 -> answer.status() == 200 || answer.status() == 404;
                        default ->
                            answer.status() == 404
                                    || answer.status() == 200 && hashes.contains(TestImages.sha256(answer.body()));
                    };
                    served.merge(answer.status(), 1, Integer::sum);
                    if (!fine) {
                        synchronized (failures) {
                            failures.add(key + " op " + op + ": " + answer.status());
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(List.of(), failures.stream().limit(10).toList(), "answers during the race: " + served);
        assertTrue(served.getOrDefault(200, 0) > 100, "the race ran: " + served);
    }

    private static void everyRowHasItsWholeFileAndNoFileIsLeftOver(
            List<ApiClient> frontEnds, Path images, ScratchDatabase database) throws Exception {
        List<JsonObject> rows = frontEnds
                .get(0)
                .get("/api/images")
                .json()
                .getJsonArray("images")
                .getValuesAs(JsonObject.class);
        Set<String> referenced = new TreeSet<>();
        for (JsonObject row : rows) {
            String key = row.getString("key");
            byte[] file = Files.readAllBytes(images.resolve(row.getString("path")));
            String sha256 = row.getString("path").substring(0, 64);
            assertEquals(sha256, TestImages.sha256(file), key + ": its file is whole");
            for (ApiClient api : frontEnds) {
                assertEquals(sha256, TestImages.sha256(api.get("/images/" + key).body()), key + " served as stored");
            }
            referenced.add(row.getString("path"));
            referenced.add(sha256 + ".thumb");
        }
        try (Stream<Path> files = Files.list(images)) {
            assertEquals(
                    referenced,
                    files.filter(Files::isRegularFile)
                            .map(f -> f.getFileName().toString())
                            .collect(Collectors.toCollection(TreeSet::new)),
                    "no file or thumbnail that no key uses");
        }
        try (Stream<Path> temp = Files.list(images.resolve(".tmp"))) {
            assertEquals(0, temp.count(), "no temp file");
        }
        Set<String> lockRows = new TreeSet<>();
        try (Connection db = database.connect();
                ResultSet rs = db.createStatement().executeQuery("SELECT sha256 FROM image_file")) {
            while (rs.next()) {
                lockRows.add(rs.getString(1));
            }
        }
        assertEquals(
                referenced.stream().map(path -> path.substring(0, 64)).collect(Collectors.toCollection(TreeSet::new)),
                lockRows,
                "one file row per file in use");
    }
}
