package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Throws well over a thousand generated bad requests at the API of a running server and checks
 * that none gets a 5xx, every refusal is CONTRACT.md's JSON error, and the stored images are
 * exactly what they were before.
 */
class BadRequestFuzzIT {

    private static final int REQUESTS = 1200;

    @RegisterExtension
    static final StartedServers server = StartedServers.shared("plain", StartedServers.PLAIN);

    @Test
    void badRequestsGetJsonErrorsAndChangeNothing() throws Exception {
        ApiClient api = server.api();
        for (int i = 0; i < 5; i++) {
            assertTrue(api.upload("stored-" + i, TestImages.png(8, 8, 500 + i)).succeeded());
        }
        Map<String, String> before = snapshot(api);
        String configBefore = api.get("/api/cache/config").json().toString();

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        Random random = new Random(20261124);
        List<Supplier<HttpRequest.Builder>> generators = generators(random);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS && failures.size() < 10; i++) {
            HttpRequest request = generators
                    .get(random.nextInt(generators.size()))
                    .get()
                    .timeout(Duration.ofSeconds(30))
                    .build();
            HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
            String problem = uriRefusedByTheServer(request.uri()) ? checkBareRefusal(response) : check(response);
            if (problem != null) {
                failures.add(request.method() + " " + request.uri() + " -> " + response.statusCode() + ": " + problem);
            }
        }
        if (!failures.isEmpty()) {
            fail("Bad answers:\n" + String.join("\n", failures));
        }
        assertEquals(before, snapshot(api), "stored keys and their bytes");
        assertEquals(configBefore, api.get("/api/cache/config").json().toString());
    }

    /**
     * Payara's HTTP layer itself refuses a path holding NUL, invalid UTF-8, a backslash or dot
     * segments above the root: a bare 400 before any application code runs, so nothing can change.
     */
    private static boolean uriRefusedByTheServer(URI uri) {
        String path = uri.getRawPath().toLowerCase(java.util.Locale.ROOT);
        return path.contains("%00") || path.contains("%c0") || path.contains("%5c") || path.contains("%2e%2e");
    }

    private static String checkBareRefusal(HttpResponse<String> response) {
        return response.statusCode() == 400 ? null : "expected the server's own 400, got " + response.body();
    }

    /** Null when the answer is a proper refusal, else what is wrong with it. */
    private static String check(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "server error " + response.body();
        }
        if (status < 400) {
            return "accepted a bad request: " + response.body();
        }
        JsonObject body;
        try {
            body = Json.createReader(new StringReader(response.body())).readObject();
        } catch (RuntimeException e) {
            return "not JSON: " + response.body();
        }
        if (!"false".equals(body.getString("success", null))
                || body.getJsonObject("error") == null
                || body.getJsonObject("error").getInt("code", -1) != status
                || body.getJsonObject("error").getString("message", "").isBlank()) {
            return "not the contract's error: " + response.body();
        }
        if (response.body().contains("Exception") || response.body().contains("\tat ")) {
            return "a stack trace: " + response.body();
        }
        return null;
    }

    private static List<Supplier<HttpRequest.Builder>> generators(Random random) {
        String base = server.baseUrl();
        List<Supplier<HttpRequest.Builder>> all = new ArrayList<>();
        // uploads with a bad key and a good image
        all.add(() -> multipart(base, Map.of("key", badKey(random)), TestImages.png(4, 4, random.nextInt())));
        // uploads with a good key and a bad file
        all.add(() -> multipart(base, Map.of("key", "fuzz-" + random.nextInt(1000)), badFile(random)));
        // uploads missing a part
        all.add(() -> multipart(base, Map.of("key", "fuzz-missing-file"), null));
        all.add(() -> multipart(base, Map.of(), TestImages.png(4, 4, 1)));
        // broken multipart bodies
        all.add(() -> HttpRequest.newBuilder(URI.create(base + "/api/upload"))
                .header("Content-Type", "multipart/form-data; boundary=xyz")
                .POST(BodyPublishers.ofByteArray(randomBytes(random, random.nextInt(300)))));
        all.add(
                () -> HttpRequest.newBuilder(URI.create(base + "/api/upload"))
                        .header("Content-Type", "multipart/form-data; boundary=abc")
                        .POST(
                                BodyPublishers.ofString(
                                        "--abc\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nx\r\n--abc\r\n"
                                                + "Content-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\u0089PNG")));
        // the wrong content type
        all.add(() -> HttpRequest.newBuilder(URI.create(base + "/api/upload"))
                .header(
                        "Content-Type",
                        pick(random, "text/plain", "application/json", "application/octet-stream", "image/png"))
                .POST(BodyPublishers.ofByteArray(randomBytes(random, random.nextInt(200)))));
        // wrong methods
        all.add(() -> HttpRequest.newBuilder(URI.create(base
                        + pick(
                                random,
                                "/api/upload",
                                "/api/delete_all",
                                "/api/cache/clear",
                                "/api/cache/refresh",
                                "/api/cache/stats",
                                "/api/list_keys",
                                "/api/images",
                                "/api/key/fuzz")))
                .method(pick(random, "PUT", "PATCH", "OPTIONS_X", "TRACE_X"), BodyPublishers.noBody()));
        all.add(() -> HttpRequest.newBuilder(URI.create(base
                        + pick(random, "/api/upload", "/api/delete_all", "/api/cache/clear", "/api/cache/refresh")))
                .GET());
        // bad configuration values
        all.add(() -> form(base + "/api/cache/config", badConfig(random)));
        // reads and deletes of keys that are not there or not keys
        all.add(() -> HttpRequest.newBuilder(URI.create(base + "/api/key/" + ApiClient.encode(badKey(random))))
                .GET());
        all.add(() -> HttpRequest.newBuilder(
                        URI.create(base + "/api/key/" + ApiClient.encode("fuzz-" + randomText(random, 20))))
                .method(pick(random, "GET", "POST", "DELETE"), BodyPublishers.noBody()));
        all.add(() -> HttpRequest.newBuilder(URI.create(base + "/api/key?key=" + ApiClient.encode(badKey(random))))
                .DELETE());
        all.add(() -> HttpRequest.newBuilder(
                        URI.create(base + "/images/" + ApiClient.encode("fuzz-" + randomText(random, 12))))
                .GET());
        // paths that are no API call
        all.add(() -> HttpRequest.newBuilder(URI.create(base + "/api/"
                        + pick(
                                random,
                                "nothing",
                                "key/",
                                "cache",
                                "cache/nothing",
                                "upload/extra",
                                "images/x",
                                "list_keys/x")))
                .GET());
        // URIs the HTTP layer refuses before the application (see uriRefusedByTheServer)
        all.add(() -> HttpRequest.newBuilder(URI.create(base + "/api/"
                        + pick(random, "%2e%2e/%2e%2e/etc/passwd", "key/%00", "key/%C0%AF", "key/a%5Cb")))
                .GET());
        return all;
    }

    private static HttpRequest.Builder multipart(String base, Map<String, String> fields, byte[] file) {
        String boundary = "fuzz" + System.nanoTime();
        StringBuilder head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(name)
                .append("\"\r\n\r\n")
                .append(value)
                .append("\r\n"));
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] fileHead = file == null
                ? new byte[0]
                : ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                                + "filename=\"x.png\"\r\nContent-Type: image/png\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] fileTail = file == null ? new byte[0] : "\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] end = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = concat(start, fileHead, file == null ? new byte[0] : file, fileTail, end);
        return HttpRequest.newBuilder(URI.create(base + "/api/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(BodyPublishers.ofByteArray(body));
    }

    private static HttpRequest.Builder form(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(body));
    }

    private static String badKey(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> "";
            case 1 -> " ".repeat(1 + random.nextInt(5));
            case 2 -> "a/" + randomText(random, 5);
            case 3 -> "k" + (char) random.nextInt(32) + "k";
            case 4 -> "x".repeat(251 + random.nextInt(100));
            case 5 -> randomText(random, 2) + "\\" + randomText(random, 3);
            default -> "\u007F" + randomText(random, 3);
        };
    }

    private static byte[] badFile(Random random) {
        byte[] png = TestImages.png(6, 6, random.nextInt());
        return switch (random.nextInt(7)) {
            case 0 -> new byte[0];
            case 1 -> randomText(random, 40).getBytes(StandardCharsets.UTF_8);
            case 2 ->
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                        .getBytes(StandardCharsets.UTF_8);
            case 3 -> java.util.Arrays.copyOf(png, 10 + random.nextInt(png.length - 20));
            case 4 -> concat(png, "<?php echo 1; ?>".getBytes(StandardCharsets.UTF_8));
            case 5 -> {
                byte[] bomb = png.clone();
                java.nio.ByteBuffer.wrap(bomb)
                        .putInt(16, 20_000 + random.nextInt(40_000))
                        .putInt(20, 20_000 + random.nextInt(40_000));
                yield bomb;
            }
            default -> {
                byte[] big = new byte[2 * 1024 * 1024 + 1 + random.nextInt(1000)];
                System.arraycopy(png, 0, big, 0, png.length);
                yield big;
            }
        };
    }

    private static String badConfig(Random random) {
        String capacity =
                pick(random, "abc", "0", "-1", "-999999", "1.5", "1e3", "99999999999", "", "\u0661", "0x10", "½");
        String policy = pick(random, "LFU", "FIFO", "", "lru;drop", "<b>", "RANDOM\u0000");
        return switch (random.nextInt(4)) {
            case 0 -> "capacityMB=" + ApiClient.encode(capacity.isEmpty() ? "0" : capacity);
            case 1 -> "policy=" + ApiClient.encode(policy.isEmpty() ? "x" : policy);
            case 2 -> "capacityMB=" + ApiClient.encode(capacity.isEmpty() ? "-5" : capacity) + "&policy=LRU";
            default -> "";
        };
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** Every stored key with the hash of its bytes. */
    private static Map<String, String> snapshot(ApiClient api) {
        Map<String, String> keys = new TreeMap<>();
        for (JsonObject image :
                api.get("/api/images").json().getJsonArray("images").getValuesAs(JsonObject.class)) {
            String key = image.getString("key");
            keys.put(
                    key,
                    TestImages.sha256(
                            api.get("/images/" + ApiClient.encode(key)).body()));
        }
        return keys;
    }
}
