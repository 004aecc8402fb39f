package imagecache.frontend.web;

import imagecache.frontend.cacheclient.MemcacheStats;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.service.MemcacheAdmin;
import imagecache.memcache.protocol.Curve;
import imagecache.memcache.protocol.NodeFigures;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The memcache now and over the last 10 minutes, read once per request (the page polls every 5 s). */
@Named
@RequestScoped
public class MemcacheView {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    @Inject
    MemcacheAdmin memcache;

    private MemcacheStats stats;
    private String problem;

    @PostConstruct
    void load() {
        try {
            stats = memcache.stats();
        } catch (ImageCacheException e) {
            problem = e.getMessage();
        }
    }

    public boolean isAvailable() {
        return stats != null;
    }

    public String getProblem() {
        return problem;
    }

    public NodeFigures getNow() {
        return stats.stats();
    }

    /** Each node of the pool; one, named {@code local}, without a pool. */
    public List<MemcacheStats.Node> getNodes() {
        return stats.nodes();
    }

    /** Whether the memcache is a pool of nodes (the page then lists them). */
    public boolean isPool() {
        return stats.isPool();
    }

    /** The share of the capacity in use, 0 to 100. */
    public int getFillPercent() {
        NodeFigures now = stats.stats();
        return now.capacityBytes() == 0 ? 0 : (int) Math.round(100.0 * now.bytes() / now.capacityBytes());
    }

    /** Chart.js configuration: hit and miss rate of each 5-second interval, in percent. */
    public String getRatesChart() {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder hits = Json.createArrayBuilder();
        JsonArrayBuilder misses = Json.createArrayBuilder();
        for (MemcacheStats.Sample s : stats.history()) {
            labels.add(CLOCK.format(Instant.parse(s.at())));
            hits.add(Charts.percent(s.hitRate()));
            misses.add(Charts.percent(s.missRate()));
        }
        return Charts.lines(
                labels,
                Json.createObjectBuilder()
                        .add("y", Charts.axis("left", "%").add("min", 0).add("max", 100)),
                Charts.dataset("Hit rate %", hits, "#2e7d32", "y"),
                Charts.dataset("Miss rate %", misses, "#c62828", "y"));
    }

    /** Chart.js configuration: items and megabytes held at each sample. */
    public String getContentChart() {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder items = Json.createArrayBuilder();
        JsonArrayBuilder megabytes = Json.createArrayBuilder();
        for (MemcacheStats.Sample s : stats.history()) {
            labels.add(CLOCK.format(Instant.parse(s.at())));
            items.add(s.items());
            megabytes.add(Charts.megabytes(s.bytes()));
        }
        return Charts.lines(
                labels,
                Json.createObjectBuilder()
                        .add("y", Charts.axis("left", "items").add("min", 0))
                        .add("y1", Charts.axis("right", "MB").add("min", 0)),
                Charts.dataset("Items", items, "#1565c0", "y"),
                Charts.dataset("Size MB", megabytes, "#ef6c00", "y1"));
    }

    /** The hit-rate curve: its points, the reads it comes from; no points when it is off. */
    public Curve getCurve() {
        return stats.curve();
    }

    /**
     * Chart.js configuration: LRU's estimated hit rate at 1/4 to 8 times the capacity, in percent, the
     * current capacity drawn larger and labelled "now".
     */
    public String getCurveChart() {
        List<Curve.CurvePoint> points = stats.curve().points();
        long current = stats.stats().capacityBytes();
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder rates = Json.createArrayBuilder();
        JsonArrayBuilder radii = Json.createArrayBuilder();
        for (Curve.CurvePoint point : points) {
            boolean now = point.capacityBytes() == current;
            labels.add(megabytes(point.capacityBytes()) + (now ? " (now)" : ""));
            rates.add(Charts.percent(point.hitRate()));
            radii.add(now ? 7 : 3);
        }
        return Charts.lines(
                labels,
                Json.createObjectBuilder()
                        .add("x", Charts.axis("bottom", "capacity"))
                        .add("y", Charts.axis("left", "%").add("min", 0).add("max", 100)),
                Charts.dataset("LRU hit rate % (estimated)", rates, "#6a1b9a", "y")
                        .add("pointRadius", radii));
    }

    /** A capacity in megabytes as short as it is exact to two decimals: 2.5 MB, 10 MB. */
    static String megabytes(long bytes) {
        BigDecimal megabytes = BigDecimal.valueOf(bytes)
                .divide(BigDecimal.valueOf(1024 * 1024), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return megabytes.toPlainString() + " MB";
    }
}
