import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The auto-scaler under a load that rises and falls: uploads KEYS images, configures auto mode with
 * one rule, then reads for MINUTES a working set that grows from a tenth of the keys to all of them
 * by the middle of the run and falls back, each reader picking keys of the working set at random.
 * Every 5 s it writes a line of CSV: the second, the working set in MB, the miss rate of the reads of
 * those 5 s (the X-Cache header of each answer) and the cache nodes that answer. At the end it prints
 * the changes of size, the time the miss rate spent above maxMiss and the node-minutes used.
 *
 * <p>Usage: java bench/AutoscaleRun.java run BASE_URL TOKEN RULE MINUTES KEYS IMAGE_KB READERS
 * TARGET_HIT MAX_MISS MIN_MISS OUT.csv (TOKEN "-" for none), or java bench/AutoscaleRun.java chart
 * OUT.png MAX_NODES MAX_MISS A.csv B.csv... (one panel a run, titled by the CSV's name).
 */
public final class AutoscaleRun {

    private static final Pattern UP = Pattern.compile("\"state\"\\s*:\\s*\"up\"");
    private static final int SAMPLE_SECONDS = 5;

    private final String base;
    private final String token;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AutoscaleRun(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("chart")) {
            chart(Path.of(args[1]), Integer.parseInt(args[2]), Double.parseDouble(args[3]),
                    List.of(args).subList(4, args.length));
            return;
        }
        new AutoscaleRun(args[1], args[2].equals("-") ? null : args[2]).run(
                args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                Integer.parseInt(args[7]), args[8], args[9], args[10], Path.of(args[11]));
    }

    private void run(String rule, int minutes, int keys, int imageKb, int readers, String targetHit,
            String maxMiss, String minMiss, Path out) throws Exception {
        long imageBytes = 0;
        for (int i = 0; i < keys; i++) {
            byte[] image = png(i, imageKb);
            imageBytes += image.length;
            upload(String.format("a%04d", i), image);
        }
        double megabytesPerKey = imageBytes / (double) keys / (1024 * 1024);
        post("/api/configure_cache?mode=auto&cacheSize=1&expRatio=2&shrinkRatio=0.5&scaler=" + rule
                + "&targetHit=" + targetHit + "&maxMiss=" + maxMiss + "&minMiss=" + minMiss);

        int seconds = minutes * 60;
        AtomicInteger workingSet = new AtomicInteger(workingSet(0, seconds, keys));
        AtomicLong reads = new AtomicLong();
        AtomicLong misses = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            Random random = new Random(r);
            Thread reader = new Thread(() -> {
                while (running.get()) {
                    String key = String.format("a%04d", random.nextInt(workingSet.get()));
                    Boolean hit = read(key);
                    if (hit == null) {
                        failed.incrementAndGet();
                    } else {
                        reads.incrementAndGet();
                        if (!hit) {
                            misses.incrementAndGet();
                        }
                    }
                }
            });
            reader.setDaemon(true);
            reader.start();
            threads.add(reader);
        }
        List<String> lines = new ArrayList<>(List.of("second,working_set_mb,miss_rate,nodes"));
        double maxMissRate = Double.parseDouble(maxMiss);
        long start = System.nanoTime();
        int changes = 0;
        int lastNodes = -1;
        double nodeSeconds = 0;
        int aboveMaxMiss = 0;
        long readsBefore = 0;
        long missesBefore = 0;
        for (int second = SAMPLE_SECONDS; second <= seconds; second += SAMPLE_SECONDS) {
            long wake = start + second * 1_000_000_000L;
            while (System.nanoTime() < wake) {
                Thread.sleep(Math.max(1, (wake - System.nanoTime()) / 1_000_000));
            }
            long r = reads.get();
            long m = misses.get();
            double missRate = r == readsBefore ? 0 : (m - missesBefore) / (double) (r - readsBefore);
            readsBefore = r;
            missesBefore = m;
            int nodes = nodesUp();
            if (lastNodes >= 0 && nodes != lastNodes) {
                changes++;
            }
            lastNodes = nodes;
            nodeSeconds += nodes * SAMPLE_SECONDS;
            if (missRate > maxMissRate) {
                aboveMaxMiss += SAMPLE_SECONDS;
            }
            lines.add(String.format(Locale.ROOT, "%d,%.2f,%.4f,%d",
                    second, workingSet.get() * megabytesPerKey, missRate, nodes));
            workingSet.set(workingSet(second, seconds, keys));
        }
        running.set(false);
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        Files.write(out, lines);
        System.out.printf(Locale.ROOT,
                "%s: %d changes of size, %d s of %d (%.0f %%) with the miss rate above maxMiss %s, %.1f"
                        + " node-minutes, %d failed reads%n",
                rule, changes, aboveMaxMiss, seconds, 100.0 * aboveMaxMiss / seconds, maxMiss, nodeSeconds / 60,
                failed.get());
    }

    /** The keys read at {@code second}: a tenth of them at the start and end, all at the middle, in ten steps. */
    private static int workingSet(int second, int seconds, int keys) {
        int step = Math.min(9, second * 10 / seconds);
        int height = step < 5 ? step : 9 - step;
        return Math.max(1, keys * (1 + 2 * height) / 10 + (height == 4 ? keys / 10 : 0));
    }

    /** Whether the read hit the memcache; null when it failed. */
    private Boolean read(String key) {
        try {
            HttpResponse<byte[]> answer = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/images/" + key))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() != 200) {
                return null;
            }
            return "HIT".equals(answer.headers().firstValue("X-Cache").orElse(""));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private int nodesUp() throws Exception {
        HttpResponse<String> pool = client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/cache/pool")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Matcher up = UP.matcher(pool.body());
        int count = 0;
        while (up.find()) {
            count++;
        }
        return count;
    }

    private void post(String path) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private void upload(String key, byte[] image) throws Exception {
        String boundary = "autoscalerun" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n" + key
                        + "\r\n--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("Upload of " + key + " answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /** A PNG of random pixels of about {@code kilobytes} (noise does not compress), different for each seed. */
    private static byte[] png(int seed, int kilobytes) throws IOException {
        int side = (int) Math.ceil(Math.sqrt(kilobytes * 1024 / 3.0));
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int x = 0; x < side; x++) {
            for (int y = 0; y < side; y++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** One panel a run: the working set (grey, scaled to its largest), the miss rate (red) and the nodes (blue). */
    private static void chart(Path png, int maxNodes, double maxMiss, List<String> csvs) throws IOException {
        int width = 1000;
        int panel = 260;
        BufferedImage image = new BufferedImage(width, panel * csvs.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int p = 0; p < csvs.size(); p++) {
            List<double[]> rows = new ArrayList<>();
            List<String> lines = Files.readAllLines(Path.of(csvs.get(p)));
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                rows.add(new double[] {
                    Double.parseDouble(cells[0]), Double.parseDouble(cells[1]), Double.parseDouble(cells[2]),
                    Double.parseDouble(cells[3])
                });
            }
            int top = p * panel + 30;
            int left = 60;
            int plotWidth = width - left - 60;
            int plotHeight = panel - 70;
            double lastSecond = rows.isEmpty() ? 1 : rows.get(rows.size() - 1)[0];
            double largestSet = rows.stream().mapToDouble(row -> row[1]).max().orElse(1);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            String title = Path.of(csvs.get(p)).getFileName().toString().replace(".csv", "");
            g.drawString(title + " — working set (grey, up to " + String.format(Locale.ROOT, "%.1f", largestSet)
                    + " MB), miss rate (red, 0..1, dashed: maxMiss), cache nodes (blue, right axis 0.." + maxNodes
                    + ")", left, top - 10);
            g.drawRect(left, top, plotWidth, plotHeight);
            for (int minute = 0; minute <= lastSecond / 60; minute++) {
                int x = left + (int) (plotWidth * minute * 60 / lastSecond);
                g.drawString(minute + "'", x - 6, top + plotHeight + 16);
            }
            g.drawString("1", left - 15, top + 5);
            g.drawString("0", left - 15, top + plotHeight + 5);
            g.drawString(String.valueOf(maxNodes), left + plotWidth + 8, top + 5);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            g.setColor(new Color(200, 0, 0));
            int limit = top + plotHeight - (int) (plotHeight * maxMiss);
            g.drawLine(left, limit, left + plotWidth, limit);
            drawSeries(g, rows, 1, 1 / largestSet, new Color(150, 150, 150), left, top, plotWidth, plotHeight, lastSecond);
            drawSeries(g, rows, 2, 1, new Color(200, 0, 0), left, top, plotWidth, plotHeight, lastSecond);
            drawSeries(g, rows, 3, 1.0 / maxNodes, new Color(0, 60, 200), left, top, plotWidth, plotHeight, lastSecond);
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void drawSeries(Graphics2D g, List<double[]> rows, int column, double scale, Color color, int left,
            int top, int width, int height, double lastSecond) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        for (int i = 1; i < rows.size(); i++) {
            double[] a = rows.get(i - 1);
            double[] b = rows.get(i);
            g.drawLine(
                    left + (int) (width * a[0] / lastSecond), top + height - (int) (height * Math.min(1, a[column] * scale)),
                    left + (int) (width * b[0] / lastSecond), top + height - (int) (height * Math.min(1, b[column] * scale)));
        }
    }
}
