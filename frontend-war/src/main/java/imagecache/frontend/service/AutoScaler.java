package imagecache.frontend.service;

import imagecache.frontend.cacheclient.MemcacheNodes;
import imagecache.frontend.cacheclient.MemcacheStats;
import imagecache.frontend.cacheclient.PoolCurve;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ScalingDecision;
import imagecache.frontend.domain.ScalingMode;
import imagecache.frontend.domain.ScalingRule;
import imagecache.frontend.domain.ScalingSettings;
import imagecache.frontend.domain.ScalingStep;
import imagecache.frontend.domain.StabilizationWindow;
import imagecache.frontend.domain.TargetScaling;
import imagecache.frontend.domain.ThresholdScaling;
import imagecache.frontend.service.PoolManager.ReadWindow;
import imagecache.frontend.service.PoolResizer.PoolState;
import imagecache.frontend.store.DatabaseFailures;
import imagecache.frontend.store.ScalingSettingsStore;
import imagecache.frontend.store.SchemaMigration;
import imagecache.memcache.protocol.Curve;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sizes the memcache pool in {@code auto} mode: every {@code AUTOSCALE_INTERVAL_S} it reads the
 * pool's miss rate over the last minute and applies {@link ThresholdScaling}, or reads the pool's
 * hit-rate curve of the last minute and applies {@link TargetScaling} with a stabilization window of
 * {@code AUTOSCALE_WINDOW_S}, and stores the decision with its reason, also when it changes nothing. One front end decides for the whole deployment: the
 * one that holds the lease in the database row of the settings, renewed at every decision; when it
 * stops, another takes over once the lease has run out. A lease row rather than a clustered
 * singleton: the front ends of a pool already share the database, which also holds the settings and
 * the target, and a front end that cannot reach it could not resize anyway.
 */
@ApplicationScoped
public class AutoScaler {

    private static final Logger LOG = Logger.getLogger(AutoScaler.class.getName());
    /** The decisions the API shows. */
    private static final int SHOWN_DECISIONS = 100;
    /** Which of a curve's points (1/4, 1/2, 1, 2, 4 and 8 times the capacity) is the capacity itself. */
    private static final int CAPACITY_POINT = 2;

    @Inject
    PoolManager manager;

    @Inject
    PoolResizer pool;

    @Inject
    ScalingSettingsStore store;

    @Inject
    MemcacheNodes nodes;

    @Inject
    MemcacheAdmin memcache;

    @Inject
    SchemaMigration schema;

    @Inject
    @ConfigProperty(name = "autoscale.interval.s", defaultValue = "60")
    long intervalSeconds;

    @Inject
    @ConfigProperty(name = "autoscale.cooldown.s", defaultValue = "180")
    long coolDownSeconds;

    @Inject
    @ConfigProperty(name = "autoscale.window.s", defaultValue = "300")
    long windowSeconds;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Clock clock = Clock.systemUTC();
    /** This front end, as the lease names it. */
    private final String decider = UUID.randomUUID().toString();

    private ScheduledFuture<?> deciding;
    /** The sizes the target rule recommended lately; only the scheduler's thread touches it. */
    private StabilizationWindow recommended;
    /** The nodes' curves as read at the decisions of about the last minute, oldest first. */
    private final List<CurveReading> curves = new ArrayList<>();

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        recommended = new StabilizationWindow(Duration.ofSeconds(windowSeconds));
        if (nodes.isPool()) {
            deciding = scheduler.scheduleWithFixedDelay(
                    this::decideQuietly, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (deciding != null) {
            deciding.cancel(false);
        }
    }

    /** The latest decisions, newest first. */
    public List<ScalingDecision> decisions() {
        return DatabaseFailures.call(() -> store.decisions(SHOWN_DECISIONS));
    }

    private void decideQuietly() {
        try {
            decide();
        } catch (RuntimeException e) {
            // an exception would end the schedule; the next interval tries again
            LOG.warning("The auto-scaler did not decide this time: " + e);
        }
    }

    private void decide() {
        if (!schema.isMigrated()) {
            return;
        }
        ScalingSettings settings = store.read();
        Instant now = clock.instant();
        if (settings.mode() != ScalingMode.AUTO
                || !store.holdLease(decider, now, Duration.ofSeconds(2 * intervalSeconds + 5))) {
            // what comes after a pause goes by what it sees then
            recommended.clear();
            curves.clear();
            return;
        }
        // one reading of every node serves the pool's state, the miss rate and the curves
        MemcacheStats stats = memcache.stats();
        PoolState state = pool.state(stats);
        ReadWindow window = manager.lastMinute(stats);
        SortedMap<Integer, Double> bySize = new TreeMap<>();
        ScalingStep step;
        if (state.changing()) {
            curves.clear();
            step = ScalingStep.stay(state.target(), "a resize is under way");
        } else if (settings.rule() == ScalingRule.TARGET) {
            Optional<CurveReading> since = minuteOfCurves(now, stats.nodeCurves());
            if (since.isEmpty()) {
                step = ScalingStep.stay(
                        state.target(),
                        "less than a minute of the curve since the auto-scaler began or the pool last changed");
            } else {
                CurveReading latest = curves.get(curves.size() - 1);
                Curve curve = PoolCurve.since(since.get().nodes(), latest.nodes());
                TargetScaling rule = new TargetScaling(settings.targetHit(), state.maxNodes());
                bySize = rule.hitRateBySize(latest.nodes().size(), timesCapacity(curve));
                step = rule.decide(state.target(), curve.reads(), bySize, recommended, now, coolingDown(state, now));
            }
        } else {
            step = new ThresholdScaling(settings, state.maxNodes())
                    .decide(state.target(), window.requests(), window.missRate(), coolingDown(state, now));
        }
        int to = step.to();
        String reason = step.reason();
        if (step.changes()) {
            try {
                pool.resizeTo(to);
                LOG.info("Auto-scaling the memcache pool from " + step.from() + " to " + to + ": " + reason);
            } catch (ImageCacheException e) {
                to = step.from();
                reason += "; the resize was refused: " + e.getMessage();
            }
        }
        store.record(new ScalingDecision(
                now, settings.rule(), step.from(), to, window.requests(), window.missRate(), bySize, reason));
    }

    private boolean coolingDown(PoolState state, Instant now) {
        return state.changedAt().plusSeconds(coolDownSeconds).isAfter(now);
    }

    /**
     * Reads the nodes' curves, and gives the newest earlier reading that is at least a minute old, if
     * the readings go back that far: the curve the rule goes by is that of the reads since, as the
     * threshold rule's miss rate is the last minute's. While a resize is under way the readings
     * start again: the reads while partitions move, and a new node's first reads of the keys it
     * received, say nothing of what a pool of any size would hit.
     */
    private Optional<CurveReading> minuteOfCurves(Instant now, Map<String, Curve> nodeCurves) {
        curves.add(new CurveReading(now, nodeCurves));
        Instant minuteAgo = now.minus(PoolManager.RATE_WINDOW);
        while (curves.size() > 2 && !curves.get(1).at().isAfter(minuteAgo)) {
            curves.remove(0);
        }
        CurveReading earliest = curves.get(0);
        return earliest.at().isAfter(minuteAgo) ? Optional.empty() : Optional.of(earliest);
    }

    /** The curve's points as multiples of the pool's capacity now: the middle point of each node's is its capacity. */
    private static List<TargetScaling.CurvePoint> timesCapacity(Curve curve) {
        List<TargetScaling.CurvePoint> points = new ArrayList<>();
        if (curve.points().size() <= CAPACITY_POINT) {
            return points;
        }
        for (Curve.CurvePoint point : curve.points()) {
            points.add(new TargetScaling.CurvePoint(
                    (double) point.capacityBytes()
                            / curve.points().get(CAPACITY_POINT).capacityBytes(),
                    point.hitRate()));
        }
        return points;
    }

    /** The nodes' curves as read at a decision, by node name. */
    private record CurveReading(Instant at, Map<String, Curve> nodes) {}
}
