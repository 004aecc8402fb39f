package imagecache.cache.service;

import imagecache.cache.HitRateCurve;
import imagecache.cache.Memcache;
import imagecache.cache.MemcacheLookup;
import imagecache.cache.MemcacheStats;
import imagecache.cache.ReadSampler;
import imagecache.cache.ReplacementPolicy;
import imagecache.cache.store.MemcacheConfigStore;
import imagecache.cache.store.MemcacheStatsRow;
import imagecache.cache.store.MemcacheStatsStore;
import imagecache.cache.store.SchemaMigration;
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
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Owns the one memcache of the server: restores its configuration from the database at start (or,
 * when the database comes later, as soon as its tables are there), stores every change of it, and
 * samples its statistics into the database every 5 seconds, as node {@code local}, or as its pool
 * node once it has joined a pool ({@link #joinPool}).
 * The core is thread-safe, so the container adds no locking of its own.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MemcacheService {

    private static final Logger LOG = Logger.getLogger(MemcacheService.class.getName());
    static final Duration HISTORY = Duration.ofMinutes(10);
    static final long SAMPLE_SECONDS = 5;
    /** The node name of a server that is not part of a pool. */
    public static final String LOCAL_NODE = "local";

    @Inject
    MemcacheDefaults defaults;

    @Inject
    MemcacheConfigStore configStore;

    @Inject
    MemcacheStatsStore statsStore;

    @Inject
    SchemaMigration schema;

    @Inject
    @ConfigProperty(name = "cache.stats.retention.hours", defaultValue = "24")
    int retentionHours;

    /** The highest share of keys the hit-rate curve samples; 0 turns the curve off. */
    @Inject
    @ConfigProperty(name = "cache.curve.sampling.rate", defaultValue = "1.0")
    double curveSamplingRate;

    /** The most keys the curve's sample holds; more keys in use lower its rate instead. */
    @Inject
    @ConfigProperty(name = "cache.curve.sampled.keys", defaultValue = "16384")
    int curveSampledKeys;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> sampling;
    private final Object configLock = new Object();
    private Memcache cache;
    private ReadSampler curve;

    private MemcacheStats previousSample;
    private volatile boolean restored;
    private volatile String node = LOCAL_NODE;

    @PostConstruct
    void start() {
        MemcacheSettings settings = defaults.settings();
        cache = new Memcache(settings.capacityBytes(), settings.policy());
        previousSample = cache.stats();
        curve = startCurve();
        LOG.info("Memcache started: " + settings.capacityMB() + " MB, " + settings.policy());
        restoreStoredSettings();
        sampling = scheduler.scheduleAtFixedRate(this::sampleStats, SAMPLE_SECONDS, SAMPLE_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        sampling.cancel(false);
    }

    private ReadSampler startCurve() {
        if (curveSamplingRate == 0) {
            LOG.info("Hit-rate curve off (CACHE_CURVE_SAMPLING_RATE=0)");
            return ReadSampler.disabled();
        }
        try {
            return new HitRateCurve(curveSamplingRate, curveSampledKeys, HitRateCurve.DEFAULT_LOG_CAPACITY);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalStateException(
                    "CACHE_CURVE_SAMPLING_RATE / CACHE_CURVE_SAMPLED_KEYS: " + invalid.getMessage(), invalid);
        }
    }

    /** Applies the stored configuration (and stores it when there is none yet) once the schema is there. */
    private void restoreStoredSettings() {
        if (!schema.isMigrated()) {
            return;
        }
        if (restored) {
            try {
                followStoredSettings();
            } catch (RuntimeException e) {
                LOG.fine(() -> "Stored memcache configuration not read: " + e.getMessage());
            }
            return;
        }
        synchronized (configLock) {
            try {
                MemcacheSettings stored = storedSettings().orElse(settings());
                configure(stored);
                restored = true;
                LOG.info("Memcache configuration restored: " + stored.capacityMB() + " MB, " + stored.policy());
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "Cannot read the stored memcache configuration; tried again in 5 s: " + e.getMessage());
            }
        }
    }

    /**
     * Applies a configuration another node of the pool stored (the front ends set every node, but a
     * node that was unreachable then, or joined since, learns it here within one sample).
     */
    private void followStoredSettings() {
        synchronized (configLock) {
            storedSettings().filter(stored -> !stored.equals(settings())).ifPresent(stored -> {
                apply(stored);
                LOG.info("Memcache configuration changed by the pool: " + stored.capacityMB() + " MB, "
                        + stored.policy());
            });
        }
    }

    public MemcacheLookup get(String key) {
        MemcacheLookup lookup = cache.get(key);
        curve.record(key, lookup.isHit() ? lookup.value().length : ReadSampler.UNKNOWN_SIZE);
        return lookup;
    }

    public boolean contains(String key) {
        return cache.peek(key) != null;
    }

    public boolean put(String key, byte[] value, String tag) {
        return stored(key, value, cache.put(key, value, tag));
    }

    public boolean fill(String key, byte[] value, String tag, long lease) {
        return stored(key, value, cache.fill(key, value, tag, lease));
    }

    private boolean stored(String key, byte[] value, boolean stored) {
        if (stored) {
            curve.recordStore(key, value.length);
        }
        return stored;
    }

    public boolean invalidate(String key) {
        return cache.invalidate(key);
    }

    public boolean settle(String key, String tag) {
        return cache.settle(key, tag);
    }

    /** Drops every item; the curve starts again too, since it describes a cache that held them. */
    public void clear() {
        cache.clear();
        curve.reset();
    }

    /**
     * LRU's estimated hit rate at 1/4 to 8 times the current capacity, from the reads since the
     * start or the last clear; empty when the curve is off.
     */
    public CurveNow curve() {
        return new CurveNow(
                curve.samplingRate(), curve.reads(), curve.sampledReads(), curve.curve(cache.capacityBytes()));
    }

    /** Writes the sampled reads for the simulator (see {@link HitRateCurve#writeLog}); false when the curve is off. */
    public boolean writeTrace(Appendable out) throws IOException {
        return curve.writeLog(out);
    }

    /** Becomes a node of a pool: samples under its name and holds only the keys the pool gives it. */
    public void joinPool(String nodeName, Predicate<String> ownership) {
        node = nodeName;
        cache.holdOnly(ownership);
    }

    /** Drops the keys {@code which} accepts (keys the pool gave to another node). */
    public int dropAll(Predicate<String> which) {
        return cache.dropAll(which);
    }

    /** This node's name in the statistics. */
    public String node() {
        return node;
    }

    public MemcacheStats stats() {
        return cache.stats();
    }

    public MemcacheSettings settings() {
        synchronized (configLock) {
            return new MemcacheSettings((int) (cache.capacityBytes() / MemcacheSettings.BYTES_PER_MB), cache.policy());
        }
    }

    /** Stores the new configuration first, so a failing database changes nothing; then applies it. */
    public MemcacheSettings configure(MemcacheSettings settings) {
        synchronized (configLock) {
            configStore.save(settings.capacityMB(), settings.policy().name());
            apply(settings);
            return settings;
        }
    }

    /** The configuration stored in the database, if there is a valid one. */
    private Optional<MemcacheSettings> storedSettings() {
        return configStore
                .load()
                .flatMap(row -> ReplacementPolicy.parse(row.policy())
                        .map(policy -> new MemcacheSettings(row.capacityMB(), policy)));
    }

    private void apply(MemcacheSettings settings) {
        cache.resize(settings.capacityBytes());
        cache.switchPolicy(settings.policy());
    }

    public MemcacheSettings refreshToDefaults() {
        return configure(defaults.settings());
    }

    /**
     * The samples of the last 10 minutes, oldest first, read from the database: the pool's sums per
     * 5-second interval ({@link PoolHistory}), which for a single server are its own samples.
     */
    public List<StatsSample> history() {
        LocalDateTime since = LocalDateTime.now(Clock.systemUTC()).minus(HISTORY);
        List<PoolHistory.NodeSample> samples = statsStore.since(since).stream()
                .map(row -> new PoolHistory.NodeSample(
                        row.node(),
                        new StatsSample(
                                row.sampledAt().toInstant(ZoneOffset.UTC),
                                row.items(),
                                row.bytes(),
                                row.requests(),
                                row.hits(),
                                row.misses())))
                .toList();
        return PoolHistory.of(samples, SAMPLE_SECONDS);
    }

    /**
     * Runs every 5 s on a managed executor, not an EJB timer: the container drops a periodic timer
     * for good after two failed deliveries, and a sample that cannot reach the database counts as
     * one even when it is caught here, so a database outage of 10 s stopped the history for good.
     */
    private void sampleStats() {
        try {
            restoreStoredSettings();
            storeSample();
        } catch (RuntimeException e) {
            // an exception would end the schedule: log it, and sample again in 5 s
            LOG.log(Level.WARNING, "Statistics sample failed", e);
        }
    }

    private void storeSample() {
        MemcacheStats now = cache.stats();
        MemcacheStats before = previousSample;
        previousSample = now;
        LocalDateTime at = LocalDateTime.now(Clock.systemUTC());
        try {
            statsStore.append(new MemcacheStatsRow(
                    node,
                    at,
                    now.items(),
                    now.bytes(),
                    now.capacityBytes(),
                    now.requests() - before.requests(),
                    now.hits() - before.hits(),
                    now.misses() - before.misses(),
                    now.evictions() - before.evictions()));
            statsStore.pruneBefore(at.minusHours(retentionHours));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot store a statistics sample: " + e.getMessage());
        }
    }
}
