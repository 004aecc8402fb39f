package imagecache.cache.service;

import imagecache.cache.HandedOffEntry;
import imagecache.cache.HitRateCurve;
import imagecache.cache.Memcache;
import imagecache.cache.MemcacheLookup;
import imagecache.cache.MemcacheStats;
import imagecache.cache.ReadSampler;
import imagecache.memcache.protocol.LeaveAnswer;
import imagecache.memcache.protocol.MemcacheProtocol;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Owns the one memcache of the server and its hit-rate curve: the entry protocol's reads and writes,
 * the configuration in force (which {@link MemcacheConfiguration} restores, stores and follows), and
 * the node's name, {@code local} or its pool node's once it has joined a pool ({@link #joinPool}).
 * The core is thread-safe, so the container adds no locking of its own.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MemcacheService {

    private static final Logger LOG = Logger.getLogger(MemcacheService.class.getName());
    /** The node name of a server that is not part of a pool. */
    @Inject
    MemcacheDefaults defaults;

    /** The highest share of keys the hit-rate curve samples; 0 turns the curve off. */
    @Inject
    @ConfigProperty(name = "cache.curve.sampling.rate", defaultValue = "1.0")
    double curveSamplingRate;

    /** The most keys the curve's sample holds; more keys in use lower its rate instead. */
    @Inject
    @ConfigProperty(name = "cache.curve.sampled.keys", defaultValue = "16384")
    int curveSampledKeys;

    /** Capacity and policy change together, so that {@link #settings} never reads half a change. */
    private final Object configLock = new Object();

    private Memcache cache;
    private ReadSampler curve;
    private volatile String node = MemcacheProtocol.LOCAL_NODE;
    private volatile PoolNode poolNode = PoolNode.NONE;

    /** Starts with the defaults: the stored configuration needs the database, which may come later. */
    @PostConstruct
    void start() {
        MemcacheSettings settings = defaults.settings();
        cache = new Memcache(settings.capacityBytes(), settings.policy());
        curve = startCurve();
        LOG.info("Memcache started: " + settings.capacityMB() + " MB, " + settings.policy());
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

    /** Drops the key after a write whose write log row has seq {@code logSeq} (0: none). */
    public boolean invalidate(String key, long logSeq) {
        return cache.invalidate(key, logSeq);
    }

    /** The pool's write log row {@code logSeq} says the key's value is now the one tagged {@code tag} (null: none). */
    public boolean supersede(String key, String tag, long logSeq) {
        return cache.supersede(key, tag, logSeq);
    }

    /** Settles the put of a write whose write log row has seq {@code logSeq} (0: none). */
    public boolean settle(String key, String tag, long logSeq) {
        return cache.settle(key, tag, logSeq);
    }

    /** Drops every item; the curve starts again too, since it describes a cache that held them. */
    public void clear() {
        clear(0);
    }

    /** Drops every item after the delete of every image whose write log row has seq {@code logSeq} (0: none). */
    public void clear(long logSeq) {
        cache.clear(logSeq);
        curve.reset();
    }

    /** The pool's write log row {@code logSeq} deleted every image: drops every item unless told of it already. */
    public void clearLogged(long logSeq) {
        if (cache.clearLogged(logSeq)) {
            curve.reset();
        }
    }

    /** Drops every item before following the pool's write log again ({@link imagecache.cache.Memcache#restart}). */
    public void restart() {
        cache.restart();
        curve.reset();
    }

    /**
     * LRU's estimated hit rate at 1/4 to 8 times the current capacity, from the reads since the
     * start or the last clear; no points when the curve is off.
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
    public void joinPool(String nodeName, Predicate<String> ownership, PoolNode asPoolNode) {
        node = nodeName;
        poolNode = asPoolNode;
        cache.holdOnly(ownership);
    }

    /** Leaves the pool, handing this node's items on ({@link PoolNode#leave}). */
    public LeaveAnswer leavePool() {
        return poolNode.leave();
    }

    /** Drops the keys {@code which} accepts (keys the pool gave to another node). */
    public int dropAll(Predicate<String> which) {
        return cache.dropAll(which);
    }

    /** Takes the items of the keys {@code which} accepts out, to hand them to their new owner. */
    public List<HandedOffEntry> takeAll(Predicate<String> which) {
        return cache.takeAll(which);
    }

    /** Stores what another node handed over, each item unless this node may know better; returns how many. */
    public int handOver(List<HandedOffEntry> entries) {
        int stored = 0;
        for (HandedOffEntry entry : entries) {
            if (stored(entry.key(), entry.value(), cache.handOver(entry))) {
                stored++;
            }
        }
        return stored;
    }

    /** Whether this node holds the key's partition (and follows the pool's write log); always, outside a pool. */
    public boolean owns(String key) {
        return cache.owns(key);
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

    /** Makes {@code settings} the memcache's configuration; storing it is {@link MemcacheConfiguration}'s job. */
    public void apply(MemcacheSettings settings) {
        synchronized (configLock) {
            cache.resize(settings.capacityBytes());
            cache.switchPolicy(settings.policy());
        }
    }
}
