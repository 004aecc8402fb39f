package imagecache.cache.service;

import imagecache.cache.MemcacheStats;
import imagecache.cache.store.MemcacheStatsRow;
import imagecache.cache.store.MemcacheStatsStore;
import imagecache.memcache.protocol.History;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Samples the memcache's statistics into the database every 5 seconds, under this node's name, and
 * reads back the samples of the last minutes (10 for the home page, 30 for the pool manager's): every
 * node's, as stored, for the front end to sum.
 */
@Singleton
@Startup
// after the stored configuration is restored: the first use of the database then happens while the
// application starts, on its thread, never on the sampler's at the same time
@DependsOn({"MemcacheService", "MemcacheConfiguration"})
// only the sampling thread touches the previous sample, and reading the history needs no lock
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StatsSampler {

    private static final Logger LOG = Logger.getLogger(StatsSampler.class.getName());
    /** Samples are kept at least as long as the longest history a caller may ask for. */
    private static final Duration KEEP_AT_LEAST = Duration.ofMinutes(History.MOST_MINUTES);

    @Inject
    MemcacheService memcache;

    @Inject
    MemcacheStatsStore statsStore;

    @Inject
    @ConfigProperty(name = "cache.stats.retention.hours", defaultValue = "24")
    int retentionHours;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private MemcacheStats previousSample;
    private ScheduledFuture<?> sampling;

    @PostConstruct
    void start() {
        previousSample = memcache.stats();
        sampling = scheduler.scheduleAtFixedRate(
                this::sampleStats, History.SAMPLE_SECONDS, History.SAMPLE_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        sampling.cancel(false);
    }

    /** Every node's samples of the last {@code minutes}, oldest first, read from the database. */
    public List<NodeSample> history(int minutes) {
        LocalDateTime since = LocalDateTime.now(Clock.systemUTC()).minusMinutes(minutes);
        return statsStore.since(since).stream()
                .map(row -> new NodeSample(
                        row.node(),
                        row.sampledAt().toInstant(ZoneOffset.UTC),
                        row.items(),
                        row.bytes(),
                        row.requests(),
                        row.hits(),
                        row.misses()))
                .toList();
    }

    /**
     * Runs every 5 s on a managed executor, not an EJB timer: the container drops a periodic timer
     * for good after two failed deliveries, and a sample that cannot reach the database counts as
     * one even when it is caught here, so a database outage of 10 s stopped the history for good.
     */
    private void sampleStats() {
        try {
            storeSample();
        } catch (RuntimeException e) {
            // an exception would end the schedule: log it, and sample again in 5 s
            LOG.log(Level.WARNING, "Statistics sample failed", e);
        }
    }

    private void storeSample() {
        MemcacheStats now = memcache.stats();
        MemcacheStats before = previousSample;
        previousSample = now;
        LocalDateTime at = LocalDateTime.now(Clock.systemUTC());
        try {
            statsStore.append(new MemcacheStatsRow(
                    memcache.node(),
                    at,
                    now.items(),
                    now.bytes(),
                    now.capacityBytes(),
                    now.requests() - before.requests(),
                    now.hits() - before.hits(),
                    now.misses() - before.misses(),
                    now.evictions() - before.evictions()));
            Duration retention = Duration.ofHours(retentionHours);
            statsStore.pruneBefore(at.minus(retention.compareTo(KEEP_AT_LEAST) < 0 ? KEEP_AT_LEAST : retention));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot store a statistics sample: " + e.getMessage());
        }
    }
}
