import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A steady Zipf read load through a memcache pool while it grows by one cache node and then shrinks
 * by one, through the pool's API: prints, per second, the reads, the memcache hit rate (the
 * {@code X-Cache} header of each answer), the 99th percentile of the read time and the failed reads,
 * then the dip and recovery of the hit rate around each change.
 *
 * <p>Usage: java bench/ResizeRun.java BASE_URL TOKEN KEYS READERS STEADY_SECONDS SKEW (uploads KEYS
 * small PNGs under k0000... first; TOKEN "-" for none)
 */
public final class ResizeRun {

    private static final int MAX_SECONDS = 600;
    private static final Pattern CHANGING = Pattern.compile("\"changing\"\\s*:\\s*(true|false)");

    private final String base;
    private final String token;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final long start = System.nanoTime();
    private final AtomicLongArray reads = new AtomicLongArray(MAX_SECONDS);
    private final AtomicLongArray hits = new AtomicLongArray(MAX_SECONDS);
    private final AtomicLongArray failures = new AtomicLongArray(MAX_SECONDS);
    private final ConcurrentHashMap<Integer, List<Long>> times = new ConcurrentHashMap<>();
    private final List<String> events = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    private ResizeRun(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1].equals("-") ? null : args[1];
        int keys = Integer.parseInt(args[2]);
        int readers = Integer.parseInt(args[3]);
        int steady = Integer.parseInt(args[4]);
        double skew = Double.parseDouble(args[5]);
        new ResizeRun(base, token).run(keys, readers, steady, skew);
    }

    private void run(int keys, int readers, int steady, double skew) throws Exception {
        for (int i = 0; i < keys; i++) {
            upload(String.format("k%04d", i), png(i));
        }
        double[] cumulative = zipf(keys, skew);
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            Random random = new Random(r);
            Thread reader = new Thread(() -> {
                while (running.get()) {
                    int i = Arrays.binarySearch(cumulative, random.nextDouble());
                    read(String.format("k%04d", i < 0 ? -i - 1 : i));
                }
            });
            reader.setDaemon(true); // a failed change ends the run
            reader.start();
            threads.add(reader);
        }
        // warm: every key read at least once, and the hit rate steady
        for (int i = 0; i < keys; i++) {
            read(String.format("k%04d", i));
        }
        sleepUntil(steady);
        int grow = second();
        change("grow");
        int grown = awaitSettled();
        sleepUntil(grown + steady);
        int shrink = second();
        change("shrink");
        int shrunk = awaitSettled();
        sleepUntil(shrunk + steady);
        int end = second();
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        print(end);
        summary("grow", grow, grown, shrink);
        summary("shrink", shrink, shrunk, end);
    }

    private void read(String key) {
        long begin = System.nanoTime();
        int second = second();
        try {
            HttpResponse<byte[]> answer = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/images/" + key))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                failures.incrementAndGet(second);
                return;
            }
            reads.incrementAndGet(second);
            if ("HIT".equals(answer.headers().firstValue("X-Cache").orElse(""))) {
                hits.incrementAndGet(second);
            }
            long micros = (System.nanoTime() - begin) / 1000;
            times.computeIfAbsent(second, s -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(micros);
        } catch (IOException e) {
            failures.incrementAndGet(second);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void upload(String key, byte[] image) throws Exception {
        String boundary = "resizerun" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n" + key
                        + "\r\n--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"k.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/upload"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("Upload of " + key + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /** A 16 x 16 PNG of random pixels, different for each seed. */
    private static byte[] png(int seed) throws IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int x = 0; x < 16; x++) {
            for (int y = 0; y < 16; y++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private void change(String what) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/cache/pool/" + what))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        events.add(second() + " " + what + ": " + answer.statusCode());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(what + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /** The second at which the pool has its target size again. */
    private int awaitSettled() throws Exception {
        while (second() < MAX_SECONDS - 60) {
            HttpResponse<String> pool = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/cache/pool")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Matcher changing = CHANGING.matcher(pool.body());
            if (pool.statusCode() == 200 && changing.find() && changing.group(1).equals("false")) {
                events.add(second() + " settled");
                return second();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The pool did not settle");
    }

    private void print(int end) {
        System.out.println("| second | event | reads | hit rate | p99 ms | failed |");
        System.out.println("|---:|---|---:|---:|---:|---:|");
        for (int s = 0; s < end; s++) {
            int second = s;
            String event = events.stream()
                    .filter(e -> e.startsWith(second + " "))
                    .map(e -> e.substring(e.indexOf(' ') + 1))
                    .reduce((a, b) -> a + ", " + b)
                    .orElse("");
            System.out.printf(
                    "| %d | %s | %d | %.3f | %.1f | %d |%n",
                    s, event, reads.get(s), rate(s, s + 1), p99(s) / 1000.0, failures.get(s));
        }
    }

    /**
     * The hit rate of the 10 s before the change; the lowest second from the change until 30 s after
     * the pool settled (or {@code end}, the next change); and when, after that lowest second, the
     * rate is back within a point of before and stays there for 5 s.
     */
    private void summary(String what, int changed, int settled, int end) {
        double before = rate(Math.max(0, changed - 10), changed);
        int lowest = changed;
        for (int s = changed; s < Math.min(end, settled + 30); s++) {
            if (rate(s, s + 1) < rate(lowest, lowest + 1)) {
                lowest = s;
            }
        }
        int back = -1;
        for (int s = lowest; s + 5 <= end && back < 0; s++) {
            boolean steady = true;
            for (int t = s; t < s + 5; t++) {
                steady &= rate(t, t + 1) >= before - 0.01;
            }
            back = steady ? s : -1;
        }
        long failed = 0;
        for (int s = changed; s < end; s++) {
            failed += failures.get(s);
        }
        System.out.printf(
                "%s: hit rate %.3f before; lowest %.3f (a dip of %.1f points) %d s after the call; back within a"
                        + " point %s; the pool settled %d s after the call; %d failed reads%n",
                what, before, rate(lowest, lowest + 1), (before - rate(lowest, lowest + 1)) * 100, lowest - changed,
                back < 0 ? "never" : (back - lowest) + " s after the lowest second", settled - changed, failed);
    }

    private double rate(int from, int to) {
        long r = 0;
        long h = 0;
        for (int s = from; s < to; s++) {
            r += reads.get(s);
            h += hits.get(s);
        }
        return r == 0 ? 0 : h / (double) r;
    }

    private long p99(int second) {
        List<Long> all = times.get(second);
        if (all == null || all.isEmpty()) {
            return 0;
        }
        long[] sorted;
        synchronized (all) {
            sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)];
    }

    private int second() {
        return (int) Math.min(MAX_SECONDS - 1, (System.nanoTime() - start) / 1_000_000_000L);
    }

    private void sleepUntil(int second) throws InterruptedException {
        while (second() < second) {
            Thread.sleep(100);
        }
    }

    /** The cumulative Zipf distribution over {@code n} keys with exponent {@code skew}. */
    private static double[] zipf(int n, double skew) {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, skew);
            cumulative[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
        return cumulative;
    }
}
