package imagecache.cache.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.partition.ReplicaMigrationEvent;
import imagecache.cache.HandedOffEntry;
import imagecache.cache.service.MemcacheService;
import imagecache.cache.service.PoolNode;
import imagecache.cache.service.WriteLogFollower;
import imagecache.memcache.protocol.LeaveAnswer;
import imagecache.memcache.protocol.MemcacheProtocol;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes this server's memcache a node of the pool when Payara Micro runs clustered and this member
 * holds data (front ends join as lite members and own nothing).
 *
 * <ul>
 *   <li>The node holds only the keys whose grid partition it owns; the front ends route each key to
 *       that owner the same way ({@code PartitionService.getPartition(key)}).
 *   <li>When the grid moves a partition away from this node, its items leave at once: handed to the
 *       new owner, which takes each unless the key was written there lately (so a late handoff never
 *       undoes a write), or dropped. None stays here to be served old if the partition comes back.
 *   <li>A node that joins a running pool ({@code CACHE_JOINS_LITE}) joins as a lite member and takes
 *       partitions only once its cache WAR answers.
 *   <li>A node that is asked to leave ({@link #leavePool}, before its process is stopped) leaves the
 *       grid gracefully while it still serves: the grid moves its partitions to the others one by
 *       one, and each partition's items follow it as above; what is left once it is out of the grid
 *       goes to every remaining node, each keeping the keys it owns, under the same rule.
 *   <li>It serves only while it follows the pool's write log ({@link WriteLogFollower}), which
 *       tells it every write even when the network keeps the front ends from calling it: so a node
 *       on the other side of a split, or that held a key in another side's view of the grid, never
 *       serves what a write replaced. What it held through a split it can vouch for, so a merge
 *       clears nothing.
 *   <li>It tells the front ends where its cache WAR answers: its URL under its member id, in the
 *       grid map {@link MemcacheProtocol#NODES_MAP}, again after a merge (the grid gives a member
 *       that merges a new id).
 * </ul>
 */
@Singleton
@Startup
// a node serves the pool with the stored configuration, and follows the write log while it hands off
@DependsOn({"MemcacheService", "MemcacheConfiguration", "WriteLogFollower"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PoolMembership {

    private static final Logger LOG = Logger.getLogger(PoolMembership.class.getName());
    /** Member id to cache WAR URL of every cache node; the front ends read it. */
    private static final String NODES_MAP = MemcacheProtocol.NODES_MAP;

    @Inject
    MemcacheService memcache;

    @Inject
    WriteLogFollower writeLog;

    /** The URL front ends reach this node's cache WAR at, when it is not http://(grid address):HTTP_PORT/cache. */
    @Inject
    @ConfigProperty(name = "cache.node.url")
    Optional<String> advertisedUrl;

    @Inject
    @ConfigProperty(name = "http.port", defaultValue = "5000")
    int httpPort;

    /** Whether this node joins the grid as a lite member and holds keys only once it serves. */
    @Inject
    @ConfigProperty(name = "cache.joins.lite", defaultValue = "false")
    boolean joinsLite;

    @Inject
    @ConfigProperty(name = "admin.token")
    Optional<String> token;

    /** Whether a partition's items go to its new owner when the grid moves it (else they are dropped). */
    @Inject
    @ConfigProperty(name = "cache.handoff", defaultValue = "true")
    boolean handsOff;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private PartitionHandoff handoff;
    /** Asks this node's own cache WAR whether it answers yet, once a second until it does. */
    private final HttpClient probe = HttpClient.newHttpClient();

    private ScheduledFuture<?> promotion;
    private HazelcastInstance grid;
    /** Set once this node has left the grid: it holds no keys from then on. */
    private volatile boolean left;
    /** While leaving: the other nodes' URLs by member id, read before the grid map went away with the grid. */
    private volatile Map<UUID, String> urlsWhenLeaving = Map.of();
    /** While leaving: the handoffs under way, which the leave waits for. */
    private final List<Future<Integer>> leavingHandoffs = new CopyOnWriteArrayList<>();
    /** Items of moved partitions sent to their new owners since this node joined, and how many those stored. */
    private final AtomicInteger itemsHandedOff = new AtomicInteger();

    private final AtomicInteger itemsStoredByNewOwners = new AtomicInteger();

    private String url;
    private UUID migrationListener;
    private UUID lifecycleListener;

    @PostConstruct
    void join() {
        Optional<HazelcastInstance> found = PayaraGrid.find();
        if (found.isEmpty() || found.get().getCluster().getLocalMember().isLiteMember() && !joinsLite) {
            return;
        }
        grid = found.get();
        handoff = new PartitionHandoff(token);
        Member self = grid.getCluster().getLocalMember();
        PartitionService partitions = grid.getPartitionService();
        memcache.joinPool(
                self.getUuid().toString(),
                key -> !left && writeLog.vouches() && isOwner(partitions, key),
                this::leavePool);
        writeLog.follow();
        migrationListener = partitions.addMigrationListener(new DropGivenAwayPartitions(partitions));
        lifecycleListener = grid.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleState.MERGED) {
                publishUrl("Rejoined the pool after a split");
            }
        });
        url = advertisedUrl.orElseGet(() -> "http://" + self.getAddress().getHost() + ":" + httpPort + "/cache");
        publishUrl("Joined the pool");
        if (self.isLiteMember()) {
            promotion = scheduler.scheduleWithFixedDelay(this::holdKeysOnceServing, 1, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * A node that joined the grid as a lite member (CACHE_JOINS_LITE) becomes a data member once its
     * cache WAR answers: only then does the grid give it partitions, so the front ends never route
     * keys to a node that is still deploying (a grown pool's new node took a minute to serve).
     */
    private void holdKeysOnceServing() {
        if (!answers(url + "/" + MemcacheProtocol.API + "/" + MemcacheProtocol.CONFIG)) {
            return;
        }
        promotion.cancel(false);
        grid.getCluster().promoteLocalLiteMember();
        LOG.info("Holds keys from now on: promoted to a data member of the grid");
    }

    /**
     * Leaves the pool while serving, and hands every item on: the grid moves this node's partitions to
     * the others (a graceful shutdown of this member, which returns once they are moved) and each
     * partition's items follow it; the items left then go to every other node, which keeps those of
     * the keys it owns. The process is stopped after this; its data grid is gone already.
     *
     * @throws PoolNode.Refused when it has left already, or it is the last node that holds keys (the
     *     pool would lose them all)
     */
    synchronized LeaveAnswer leavePool() {
        if (left || !grid.getLifecycleService().isRunning()) {
            throw new PoolNode.Refused("This node has left the pool already");
        }
        Member self = grid.getCluster().getLocalMember();
        List<Member> others = grid.getCluster().getMembers().stream()
                .filter(member -> !member.localMember() && !member.isLiteMember())
                .toList();
        if (others.isEmpty() && !self.isLiteMember()) {
            throw new PoolNode.Refused("This is the last cache node that holds keys: the pool would lose them all");
        }
        if (promotion != null) {
            promotion.cancel(false);
        }
        Map<UUID, String> published = grid.<UUID, String>getMap(NODES_MAP)
                .getAll(others.stream().map(Member::getUuid).collect(Collectors.toSet()));
        urlsWhenLeaving = Map.copyOf(published);
        grid.getMap(NODES_MAP).delete(self.getUuid());
        int before = memcache.stats().items();
        long start = System.nanoTime();
        grid.shutdown();
        left = true;
        long moved = System.nanoTime();
        int handedWithPartitions = 0;
        for (Future<Integer> sent : leavingHandoffs) {
            handedWithPartitions += waitFor(sent);
        }
        List<HandedOffEntry> rest = memcache.takeAll(key -> true);
        int handedAfter = 0;
        if (!rest.isEmpty() && handsOff) {
            for (String other : urlsWhenLeaving.values()) {
                handedAfter += handoff.send(other, rest);
            }
        }
        int handed = handedWithPartitions + handedAfter;
        LOG.info("Left the pool: partitions moved in " + (moved - start) / 1_000_000 + " ms; " + handed + " of "
                + before + " items handed on (" + handedWithPartitions + " with their partitions, " + handedAfter
                + " of the " + rest.size() + " left after)");
        return new LeaveAnswer(self.getUuid().toString(), before, handed);
    }

    private static int waitFor(Future<Integer> sent) {
        try {
            return sent.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warning("A partition's handoff did not finish while leaving: " + e);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Sends a moved partition's items to its new owner, once that node's URL is published; returns how many it stored. */
    private int handOff(int partition, UUID destination, List<HandedOffEntry> taken) {
        String target = urlsWhenLeaving.get(destination);
        if (target == null && !left) {
            target = grid.<UUID, String>getMap(NODES_MAP).get(destination);
        }
        if (target == null) {
            LOG.fine(() ->
                    "Partition " + partition + " moved to a node without a URL: " + taken.size() + " items dropped");
            return 0;
        }
        int stored = handoff.send(target, taken);
        itemsHandedOff.addAndGet(taken.size());
        itemsStoredByNewOwners.addAndGet(stored);
        String to = target;
        LOG.fine(() -> "Partition " + partition + " handed to " + to + ": " + stored + " of " + taken.size()
                + " items stored there");
        return stored;
    }

    private boolean answers(String address) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(address)).timeout(Duration.ofSeconds(2));
        token.ifPresent(secret -> request.header("Authorization", "Bearer " + secret));
        try {
            return probe.send(request.build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void publishUrl(String why) {
        UUID id = grid.getCluster().getLocalMember().getUuid();
        grid.<UUID, String>getMap(NODES_MAP).set(id, url);
        LOG.info(why + ": memcache node " + id + " at " + url);
    }

    @PreDestroy
    void stopListening() {
        if (promotion != null) {
            promotion.cancel(false);
        }
        if (grid == null || !grid.getLifecycleService().isRunning()) {
            return;
        }
        try {
            grid.getPartitionService().removeMigrationListener(migrationListener);
            grid.getLifecycleService().removeLifecycleListener(lifecycleListener);
            grid.getMap(NODES_MAP).delete(grid.getCluster().getLocalMember().getUuid());
        } catch (RuntimeException e) {
            LOG.fine(() -> "Leaving the pool: " + e.getMessage());
        }
    }

    private static boolean isOwner(PartitionService partitions, String key) {
        try {
            Member owner = partitions.getPartition(key).getOwner();
            return owner != null && owner.localMember();
        } catch (RuntimeException e) {
            // the grid is shutting down: this node is leaving and its partitions are elsewhere
            return false;
        }
    }

    /**
     * When the grid has given a partition to another node: hands the partition's items to it
     * (CACHE_HANDOFF, the default), or drops them. Either way this node holds none of them any more,
     * so that they cannot be served old if the partition comes back after they were written elsewhere.
     */
    private final class DropGivenAwayPartitions implements MigrationListener {

        private final PartitionService partitions;

        DropGivenAwayPartitions(PartitionService partitions) {
            this.partitions = partitions;
        }

        @Override
        public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
            Member source = event.getSource();
            if (event.getReplicaIndex() != 0 || source == null || !source.localMember()) {
                return;
            }
            int partition = event.getPartitionId();
            Predicate<String> inPartition = key -> partitions.getPartition(key).getPartitionId() == partition;
            // items are handed over only while this node follows the write log: else they may be
            // older than a write the new owner saw too long ago to hold against them
            if (!handsOff || !writeLog.vouches()) {
                int dropped = memcache.dropAll(inPartition);
                LOG.fine(() -> "Partition " + partition + " moved away: " + dropped + " items dropped");
                return;
            }
            List<HandedOffEntry> taken = memcache.takeAll(inPartition);
            Member destination = event.getDestination();
            if (taken.isEmpty() || destination == null) {
                return;
            }
            Future<Integer> sent = scheduler.submit(() -> handOff(partition, destination.getUuid(), taken));
            if (!urlsWhenLeaving.isEmpty()) {
                leavingHandoffs.add(sent);
            }
        }

        @Override
        public void replicaMigrationFailed(ReplicaMigrationEvent event) {}

        @Override
        public void migrationStarted(MigrationState state) {}

        @Override
        public void migrationFinished(MigrationState state) {
            // the handoffs of the last partitions are still under way now: the sum is told a little later
            if (itemsHandedOff.get() == 0) {
                return;
            }
            scheduler.schedule(
                    () -> LOG.info("Partitions moved: since it joined, this node handed " + itemsHandedOff.get()
                            + " items to their partitions' new owners, which stored " + itemsStoredByNewOwners.get()
                            + " (the others had been written there lately, or the new owner did not answer)"),
                    10,
                    TimeUnit.SECONDS);
        }
    }
}
