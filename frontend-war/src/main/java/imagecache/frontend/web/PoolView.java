package imagecache.frontend.web;

import imagecache.frontend.cacheclient.MemcacheStats;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ScalingDecision;
import imagecache.frontend.service.AutoScaler;
import imagecache.frontend.service.MemcacheAdmin;
import imagecache.frontend.service.PoolResizer;
import imagecache.frontend.service.PoolResizer.PoolState;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What the pool manager page shows: the pool now (target, nodes, whether a resize is under way), its
 * last 30 minutes per minute (nodes, rates, content, requests) and the auto-scaler's decisions. Each
 * part is read once per request and only when the page shows it, as the page polls its parts apart.
 */
@Named
@RequestScoped
public class PoolView {

    /** How far back the page looks, in minutes. */
    static final int MINUTES = 30;

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

    @Inject
    PoolResizer pool;

    @Inject
    MemcacheAdmin memcache;

    @Inject
    AutoScaler autoScaler;

    private final Clock clock = Clock.systemUTC();

    private PoolState state;
    private String stateProblem;
    private List<MemcacheStats.Minute> minutes;
    private String minutesProblem;
    private List<ScalingDecision> decisions;
    private String decisionsProblem;

    /** Whether the memcache is a pool that grows and shrinks; not with CACHE_GRID=false or CACHE_URL. */
    public boolean isPool() {
        return pool.isPool();
    }

    /** The pool now; null when it cannot be read ({@link #getStateProblem}). */
    public PoolState getState() {
        if (state == null && stateProblem == null) {
            try {
                state = pool.state();
            } catch (ImageCacheException e) {
                stateProblem = e.getMessage();
            }
        }
        return state;
    }

    public String getStateProblem() {
        getState();
        return stateProblem;
    }

    /** The cache nodes that answer now. */
    public long getNodesUp() {
        return getState() == null ? 0 : state.nodesUp();
    }

    /** The last 30 minutes, one entry per minute with samples, oldest first (the last one is under way). */
    public List<MemcacheStats.Minute> getMinutes() {
        if (minutes == null && minutesProblem == null) {
            try {
                minutes = memcache.perMinute(MINUTES).stream()
                        .filter(minute -> !Instant.parse(minute.at())
                                .isBefore(clock.instant()
                                        .truncatedTo(ChronoUnit.MINUTES)
                                        .minus(MINUTES - 1, ChronoUnit.MINUTES)))
                        .toList();
            } catch (ImageCacheException e) {
                minutesProblem = e.getMessage();
            }
        }
        return minutes == null ? List.of() : minutes;
    }

    public String getMinutesProblem() {
        getMinutes();
        return minutesProblem;
    }

    /** A minute as the page names it: its local start time, and "so far" for the current one. */
    public String minuteLabel(MemcacheStats.Minute minute) {
        Instant at = Instant.parse(minute.at());
        boolean current = !at.isBefore(clock.instant().truncatedTo(ChronoUnit.MINUTES));
        return MINUTE.format(at) + (current ? " (so far)" : "");
    }

    /** Chart.js configuration: the cache nodes that served in each minute. */
    public String getNodesChart() {
        return Charts.lines(
                labels(),
                Json.createObjectBuilder()
                        .add(
                                "y",
                                Charts.axis("left", "nodes")
                                        .add("min", 0)
                                        .add("suggestedMax", 2)
                                        .add("ticks", Json.createObjectBuilder().add("stepSize", 1))),
                Charts.dataset("Cache nodes", series(MemcacheStats.Minute::nodes), "#183b56", "y")
                        .add("stepped", true));
    }

    /** Chart.js configuration: the pool's hit and miss rate in each minute, in percent. */
    public String getRatesChart() {
        return Charts.lines(
                labels(),
                Json.createObjectBuilder()
                        .add("y", Charts.axis("left", "%").add("min", 0).add("max", 100)),
                Charts.dataset("Hit rate %", rates(MemcacheStats.Minute::hitRate), "#2e7d32", "y"),
                Charts.dataset("Miss rate %", rates(MemcacheStats.Minute::missRate), "#c62828", "y"));
    }

    /** Chart.js configuration: items and megabytes the pool held at the end of each minute. */
    public String getContentChart() {
        return Charts.lines(
                labels(),
                Json.createObjectBuilder()
                        .add("y", Charts.axis("left", "items").add("min", 0))
                        .add("y1", Charts.axis("right", "MB").add("min", 0)),
                Charts.dataset("Items", series(MemcacheStats.Minute::items), "#1565c0", "y"),
                Charts.dataset("Size MB", series(m -> Charts.megabytes(m.bytes())), "#ef6c00", "y1"));
    }

    /** Chart.js configuration: the requests the pool served in each minute. */
    public String getRequestsChart() {
        return Charts.lines(
                labels(),
                Json.createObjectBuilder()
                        .add("y", Charts.axis("left", "requests per minute").add("min", 0)),
                Charts.dataset("Requests", series(MemcacheStats.Minute::requests), "#6a1b9a", "y"));
    }

    /** The auto-scaler's latest decisions, newest first. */
    public List<ScalingDecision> getDecisions() {
        if (decisions == null && decisionsProblem == null) {
            try {
                decisions = autoScaler.decisions();
            } catch (ImageCacheException e) {
                decisionsProblem = e.getMessage();
            }
        }
        return decisions == null ? List.of() : decisions;
    }

    public String getDecisionsProblem() {
        getDecisions();
        return decisionsProblem;
    }

    private JsonArrayBuilder labels() {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        getMinutes().forEach(minute -> labels.add(minuteLabel(minute)));
        return labels;
    }

    /** A rate per minute in percent; a minute without reads has none, and the line has a gap there. */
    private JsonArrayBuilder rates(ToDoubleFunction<MemcacheStats.Minute> rate) {
        JsonArrayBuilder series = Json.createArrayBuilder();
        getMinutes().forEach(minute -> {
            if (minute.requests() == 0) {
                series.addNull();
            } else {
                series.add(Charts.percent(rate.applyAsDouble(minute)));
            }
        });
        return series;
    }

    private JsonArrayBuilder series(ToDoubleFunction<MemcacheStats.Minute> value) {
        JsonArrayBuilder series = Json.createArrayBuilder();
        getMinutes().forEach(minute -> series.add(value.applyAsDouble(minute)));
        return series;
    }
}
