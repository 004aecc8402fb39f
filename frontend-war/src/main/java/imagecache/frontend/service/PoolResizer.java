package imagecache.frontend.service;

import static imagecache.frontend.store.DatabaseFailures.call;

import imagecache.frontend.cacheclient.MemcacheNodes;
import imagecache.frontend.cacheclient.MemcachePool;
import imagecache.frontend.cacheclient.MemcacheStats;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import imagecache.frontend.domain.PoolTarget;
import imagecache.frontend.provision.CacheNodeProvisioner;
import imagecache.frontend.store.PoolTargetStore;
import imagecache.frontend.store.SchemaMigration;
import imagecache.memcache.protocol.LeaveAnswer;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Resizes the memcache pool: records the target size in the database (one truth for every front
 * end, kept across restarts) and has the {@link CacheNodeProvisioner} start or stop the difference.
 * A resize is under way from the moment it is recorded until as many nodes answer as the target
 * asks, or {@code POOL_CHANGE_SECONDS} have passed; meanwhile another resize is refused (409).
 * Every front end reads the target every few seconds and takes it as the size that makes the pool
 * whole ({@link MemcacheNodes#expectPoolSize}).
 */
@ApplicationScoped
public class PoolResizer {

    private static final Logger LOG = Logger.getLogger(PoolResizer.class.getName());
    private static final long READ_TARGET_SECONDS = 5;
    /** How long a node may take to leave the pool (its partitions move meanwhile) before it is stopped anyway. */
    private static final int LEAVE_WAIT_MS = 60_000;

    /**
     * The pool now: its target size and when a resize last set it (the epoch: never), its nodes,
     * whether a resize is under way, and what starts nodes.
     */
    public record PoolState(
            int target,
            Instant changedAt,
            List<MemcacheStats.Node> nodes,
            boolean changing,
            String provisioner,
            int maxNodes) {

        /** The cache nodes that answer now. */
        public int nodesUp() {
            return (int)
                    nodes.stream().filter(node -> "up".equals(node.state())).count();
        }
    }

    @Inject
    MemcacheNodes nodes;

    @Inject
    MemcachePool memcache;

    @Inject
    PoolTargetStore store;

    @Inject
    SchemaMigration schema;

    @Inject
    CacheNodeProvisioner provisioner;

    @Inject
    @ConfigProperty(name = "pool.max.nodes", defaultValue = "8")
    int maxNodes;

    @Inject
    @ConfigProperty(name = "pool.change.seconds", defaultValue = "180")
    long changeSeconds;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Clock clock = Clock.systemUTC();
    private ScheduledFuture<?> reading;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (nodes.isPool()) {
            reading = scheduler.scheduleWithFixedDelay(
                    this::readTarget, READ_TARGET_SECONDS, READ_TARGET_SECONDS, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (reading != null) {
            reading.cancel(false);
        }
    }

    private void readTarget() {
        if (!schema.isMigrated()) {
            return;
        }
        try {
            nodes.expectPoolSize(store.read().size());
        } catch (RuntimeException e) {
            // the last target read holds until the database answers again
            LOG.fine("Could not read the pool's target size: " + e.getMessage());
        }
    }

    /** Whether this server's memcache is a pool that can be resized (not with CACHE_GRID=false or CACHE_URL). */
    public boolean isPool() {
        return nodes.isPool();
    }

    /** The pool now: its target, its nodes, whether a resize is under way. */
    public PoolState state() {
        return state(memcache.stats());
    }

    /** The pool now, with its nodes as {@code stats} (read just before) lists them. */
    public PoolState state(MemcacheStats stats) {
        PoolTarget stored = stored();
        List<MemcacheStats.Node> listed = stats.nodes();
        return new PoolState(
                target(stored), stored.changedAt(), listed, changing(stored, listed), provisioner.name(), maxNodes);
    }

    /**
     * Refuses, as a resize to {@code wanted} nodes would, when the pool cannot be resized now: it is
     * not a pool, a resize is under way, or {@code wanted} is out of bounds.
     */
    public void checkResize(int wanted) {
        refuseResize(stored(), memcache.stats().nodes(), wanted);
    }

    /** One cache node more. */
    public PoolState grow() {
        return resize(current -> current + 1, Optional.empty());
    }

    /** One cache node fewer: {@code node} (its id or URL) if given, else the one that holds the fewest keys. */
    public PoolState shrink(String node) {
        return resize(
                current -> current - 1,
                Optional.ofNullable(node).map(String::strip).filter(id -> !id.isEmpty()));
    }

    /** To {@code size} cache nodes, as typed. */
    public PoolState resizeTo(String size) {
        String digits = size == null ? "" : size.strip();
        if (!digits.matches("[0-9]{1,4}")) {
            throw ImageCacheException.invalid("Give size, a whole number of cache nodes from 1 to " + maxNodes);
        }
        return resizeTo(Integer.parseInt(digits));
    }

    /** To {@code wanted} cache nodes. */
    public PoolState resizeTo(int wanted) {
        return resize(current -> wanted, Optional.empty());
    }

    private synchronized PoolState resize(IntUnaryOperator change, Optional<String> leaving) {
        PoolTarget stored = stored();
        List<MemcacheStats.Node> listed = memcache.stats().nodes();
        int current = target(stored);
        int wanted = change.applyAsInt(current);
        refuseResize(stored, listed, wanted);
        List<String> stopping = leaving(listed, Math.max(0, up(listed).size() - wanted), leaving);
        PoolTarget next = new PoolTarget(wanted, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (!call(() -> store.replace(stored, next))) {
            throw new ImageCacheException(Reason.CONFLICT, "Another front end resized the pool just now; try again");
        }
        nodes.expectPoolSize(wanted);
        try {
            for (int i = up(listed).size(); i < wanted; i++) {
                provisioner.startNode(nodes.gridMembers());
            }
        } catch (RuntimeException e) {
            call(() -> store.replace(next, stored));
            nodes.expectPoolSize(stored.size());
            throw e;
        }
        stopping.forEach(url -> scheduler.execute(() -> leaveAndStop(url)));
        LOG.info("Resizing the memcache pool from " + current + " to " + wanted + " cache nodes"
                + (stopping.isEmpty() ? "" : "; stopping " + stopping));
        return new PoolState(
                wanted, next.changedAt(), listed, wanted != up(listed).size(), provisioner.name(), maxNodes);
    }

    private void refuseResize(PoolTarget stored, List<MemcacheStats.Node> listed, int wanted) {
        if (!nodes.isPool()) {
            throw new ImageCacheException(
                    Reason.CONFLICT,
                    "This server's memcache is not a pool (it runs with CACHE_GRID=false or CACHE_URL); see the README");
        }
        if (changing(stored, listed)) {
            throw new ImageCacheException(
                    Reason.CONFLICT,
                    "A resize is under way: " + up(listed).size() + " of " + stored.size()
                            + " cache nodes answer; try again once the pool has its target size");
        }
        if (wanted < 1 || wanted > maxNodes) {
            throw ImageCacheException.invalid(
                    "A pool has 1 to " + maxNodes + " cache nodes (POOL_MAX_NODES); " + wanted + " is outside");
        }
    }

    /**
     * Stops a node warm: first it leaves the pool, which moves its partitions to the other nodes and
     * hands its items with them, then the provisioner stops its process. A node that does not leave
     * (it does not answer, or refuses) is stopped all the same, and its keys are misses elsewhere.
     */
    private void leaveAndStop(String url) {
        try {
            LeaveAnswer left = memcache.leave(url, LEAVE_WAIT_MS);
            LOG.info("The cache node at " + url + " left the pool: " + left.handedOver() + " of its " + left.items()
                    + " items handed to the others");
        } catch (ImageCacheException e) {
            LOG.warning("The cache node at " + url + " is stopped without leaving the pool first (its items are lost): "
                    + e.getMessage());
        }
        try {
            provisioner.stopNode(url);
        } catch (RuntimeException e) {
            LOG.warning("Could not stop the cache node at " + url + ": " + e.getMessage());
        }
    }

    /**
     * The URLs of the {@code count} nodes to stop: the one named, then those that hold the fewest
     * keys (the least to lose), among the nodes the provisioner can stop.
     */
    private List<String> leaving(List<MemcacheStats.Node> listed, int count, Optional<String> named) {
        List<String> chosen = new ArrayList<>();
        if (named.isPresent()) {
            MemcacheStats.Node node = listed.stream()
                    .filter(n -> n.node().equals(named.get()) || n.url().equals(named.get()))
                    .findFirst()
                    .orElseThrow(() -> ImageCacheException.invalid("No cache node '" + named.get() + "' in the pool"));
            if (!provisioner.canStop(node.url())) {
                throw new ImageCacheException(
                        Reason.CONFLICT,
                        "The cache node at " + node.url() + " cannot be stopped from here: " + provisioner.name()
                                + " did not start it (a server's own memcache stays)");
            }
            chosen.add(node.url());
        }
        up(listed).stream()
                .filter(node -> !chosen.contains(node.url()) && provisioner.canStop(node.url()))
                .sorted(Comparator.comparingInt(
                                (MemcacheStats.Node node) -> node.stats().items())
                        .thenComparing(MemcacheStats.Node::url, Comparator.reverseOrder()))
                .limit(Math.max(0, count - chosen.size()))
                .forEach(node -> chosen.add(node.url()));
        if (chosen.size() < count) {
            throw new ImageCacheException(
                    Reason.CONFLICT,
                    "Only " + chosen.size() + " of the " + count + " cache nodes to stop can be stopped from here");
        }
        return chosen;
    }

    private PoolTarget stored() {
        PoolTarget stored = call(store::read);
        nodes.expectPoolSize(stored.size());
        return stored;
    }

    /** The stored target; before any resize, the size the pool was started with. */
    private int target(PoolTarget stored) {
        return stored.isSet() ? stored.size() : nodes.startedPoolSize();
    }

    private boolean changing(PoolTarget stored, List<MemcacheStats.Node> listed) {
        return stored.isSet()
                && (up(listed).size() != stored.size() || !nodes.partitionsSettled())
                && Duration.between(stored.changedAt(), clock.instant()).toSeconds() < changeSeconds;
    }

    private static List<MemcacheStats.Node> up(List<MemcacheStats.Node> listed) {
        return listed.stream().filter(node -> "up".equals(node.state())).toList();
    }
}
