package imagecache.frontend.service;

import imagecache.frontend.cacheclient.MemcacheNodes;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ScalingDecision;
import imagecache.frontend.domain.ScalingMode;
import imagecache.frontend.domain.ScalingSettings;
import imagecache.frontend.domain.ThresholdScaling;
import imagecache.frontend.service.PoolManager.ReadWindow;
import imagecache.frontend.service.PoolResizer.PoolState;
import imagecache.frontend.store.DatabaseFailures;
import imagecache.frontend.store.ScalingSettingsStore;
import imagecache.frontend.store.SchemaMigration;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sizes the memcache pool in {@code auto} mode: every {@code AUTOSCALE_INTERVAL_S} it reads the
 * pool's miss rate over the last minute and applies {@link ThresholdScaling}, and stores the decision
 * with its reason, also when it changes nothing. One front end decides for the whole deployment: the
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

    @Inject
    PoolManager manager;

    @Inject
    PoolResizer pool;

    @Inject
    ScalingSettingsStore store;

    @Inject
    MemcacheNodes nodes;

    @Inject
    SchemaMigration schema;

    @Inject
    @ConfigProperty(name = "autoscale.interval.s", defaultValue = "60")
    long intervalSeconds;

    @Inject
    @ConfigProperty(name = "autoscale.cooldown.s", defaultValue = "180")
    long coolDownSeconds;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Clock clock = Clock.systemUTC();
    /** This front end, as the lease names it. */
    private final String decider = UUID.randomUUID().toString();

    private ScheduledFuture<?> deciding;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
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
            return;
        }
        PoolState state = pool.state();
        ReadWindow window = manager.lastMinute();
        ThresholdScaling.Decision decision;
        if (state.changing()) {
            decision = new ThresholdScaling.Decision(state.target(), state.target(), "a resize is under way");
        } else {
            boolean coolingDown = state.changedAt().plusSeconds(coolDownSeconds).isAfter(now);
            decision = new ThresholdScaling(settings, state.maxNodes())
                    .decide(state.target(), window.requests(), window.missRate(), coolingDown);
        }
        int to = decision.to();
        String reason = decision.reason();
        if (decision.changes()) {
            try {
                pool.resizeTo(String.valueOf(to));
                LOG.info("Auto-scaling the memcache pool from " + decision.from() + " to " + to + ": " + reason);
            } catch (ImageCacheException e) {
                to = decision.from();
                reason += "; the resize was refused: " + e.getMessage();
            }
        }
        store.record(new ScalingDecision(now, decision.from(), to, window.requests(), window.missRate(), reason));
    }
}
