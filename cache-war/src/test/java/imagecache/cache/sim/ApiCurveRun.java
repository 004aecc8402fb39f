package imagecache.cache.sim;

import imagecache.cache.ReplacementPolicy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The live hit-rate curve of a running server against the exact LRU curve of the same reads: uploads
 * {@code keys} PNG images of 2 to 18 KB, sets an LRU memcache of {@code capacityMB}, clears it, reads
 * {@code reads} images one after another in a fixed Zipf order through {@code GET /images/{key}}, then
 * compares the server's {@code curve} with the memcache core's LRU replaying those reads with the
 * images' real sizes. Also checks the server's own hits (X-Cache) against the replay at the capacity.
 *
 * <p>Usage: {@code ApiCurveRun BASE_URL [keys] [reads] [capacityMB] [skew] [seed]}; bench/curve.sh runs it.
 */
public final class ApiCurveRun {

    private static final Pattern POINT = Pattern.compile("\\{\"capacityMB\":([0-9.Ee+-]+),\"hitRate\":([0-9.Ee+-]+)}");
    private static final Pattern CURVE_READS = Pattern.compile("\"curveReads\":(\\d+)");
    private static final long MB = 1024 * 1024;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private ApiCurveRun(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ApiCurveRun BASE_URL [keys] [reads] [capacityMB] [skew] [seed]");
            System.exit(2);
        }
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int reads = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
        int capacityMB = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        double skew = args.length > 4 ? Double.parseDouble(args[4]) : 0.8;
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 7;
        new ApiCurveRun(args[0]).run(keys, reads, capacityMB, skew, seed);
    }

    private void run(int keys, int reads, int capacityMB, double skew, long seed) throws Exception {
        Trace order = Traces.zipf(skew, keys, reads, Traces.Sizes.EQUAL, seed);
        int[] sizes = new int[keys];
        SplittableRandom random = new SplittableRandom(seed);
        System.err.printf(Locale.ROOT, "Uploading %,d images...%n", keys);
        for (int key = 0; key < keys; key++) {
            byte[] png = noisePng(2_000 + random.nextInt(16_000), random);
            sizes[key] = png.length;
            upload(order.keyName(key), png);
        }
        int[] sequence = new int[reads];
        for (int i = 0; i < reads; i++) {
            sequence[i] = order.read(i);
        }
        Trace trace = new Trace(order.name(), order.description(), Traces.names(keys), sizes, sequence);
        expect(post("/api/cache/config", "capacityMB=" + capacityMB + "&policy=LRU"), "config");
        expect(post("/api/cache/clear", ""), "clear");

        System.err.printf(Locale.ROOT, "Reading %,d times...%n", reads);
        long hits = 0;
        for (int i = 0; i < reads; i++) {
            HttpResponse<byte[]> answer = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/images/" + trace.keyName(trace.read(i))))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("read " + i + ": HTTP " + answer.statusCode());
            }
            hits += answer.headers().firstValue("X-Cache").orElse("").equals("HIT") ? 1 : 0;
        }
        String stats = get("/api/cache/stats");
        Matcher counted = CURVE_READS.matcher(stats);
        long curveReads = counted.find() ? Long.parseLong(counted.group(1)) : -1;
        List<double[]> points = new ArrayList<>();
        for (Matcher point = POINT.matcher(stats); point.find(); ) {
            points.add(new double[] {Double.parseDouble(point.group(1)), Double.parseDouble(point.group(2))});
        }
        if (points.isEmpty()) {
            throw new IllegalStateException("no curve in " + stats);
        }

        MemcacheReplay replay = new MemcacheReplay(trace);
        double measured = (double) hits / reads;
        double exactAtCapacity =
                replay.run(ReplacementPolicy.LRU, capacityMB * MB).hitRatio();
        System.out.printf(
                Locale.ROOT,
                "%,d reads through the API, Zipf skew %.1f over %,d keys (PNGs of 2 to 18 KB, %,.0f KB in all);"
                        + " LRU memcache of %d MB (%.1f %% of the bytes); the server's curve counted %,d reads%n%n",
                reads,
                skew,
                keys,
                trace.distinctBytes() / 1024.0,
                capacityMB,
                100.0 * capacityMB * MB / trace.distinctBytes(),
                curveReads);
        System.out.println("| capacity | live curve | exact LRU | points off |");
        System.out.println("|---|---|---|---|");
        double worst = 0;
        for (double[] point : points) {
            long capacity = Math.round(point[0] * MB);
            double exact = replay.run(ReplacementPolicy.LRU, capacity).hitRatio();
            double off = 100 * (point[1] - exact);
            worst = Math.max(worst, Math.abs(off));
            System.out.printf(
                    Locale.ROOT,
                    "| %s MB | %.2f %% | %.2f %% | %+.2f |%n",
                    trim(point[0]),
                    100 * point[1],
                    100 * exact,
                    off);
        }
        System.out.printf(Locale.ROOT, "%nLargest error: %.2f points.%n", worst);
        System.out.printf(
                Locale.ROOT,
                "The server's own hits at %d MB (X-Cache): %.2f %%, the replay's %.2f %%.%n",
                capacityMB,
                100 * measured,
                100 * exactAtCapacity);
    }

    private static String trim(double megabytes) {
        return megabytes == Math.rint(megabytes) ? Long.toString((long) megabytes) : Double.toString(megabytes);
    }

    /** A PNG of random pixels of about {@code bytes} bytes: noise does not compress. */
    private static byte[] noisePng(int bytes, SplittableRandom random) throws IOException {
        int side = Math.max(4, (int) Math.sqrt(bytes / 3.0));
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(bytes + 1024);
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    private void upload(String key, byte[] png) throws IOException, InterruptedException {
        String boundary = "curve" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream(png.length + 512);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n" + key + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + key
                        + ".png\"\r\nContent-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(png);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/upload"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        expect(answer, "upload of " + URLEncoder.encode(key, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String form) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        return expect(answer, path).body();
    }

    private static HttpResponse<String> expect(HttpResponse<String> answer, String what) {
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(what + ": HTTP " + answer.statusCode() + " " + answer.body());
        }
        return answer;
    }
}
