package imagecache.cache.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionService;
import com.hazelcast.partition.ReplicaMigrationEvent;
import imagecache.cache.service.MemcacheService;
import imagecache.cache.service.WriteLogFollower;
import imagecache.memcache.protocol.MemcacheProtocol;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes this server's memcache a node of the pool when Payara Micro runs clustered and this member
 * holds data (front ends join as lite members and own nothing).
 *
 * <ul>
 *   <li>The node holds only the keys whose grid partition it owns; the front ends route each key to
 *       that owner the same way ({@code PartitionService.getPartition(key)}).
 *   <li>When the grid moves a partition away from this node, its keys are dropped at once, so that
 *       they cannot be served old if the partition comes back after they were written elsewhere.
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
// a node serves the pool with the stored configuration
@DependsOn({"MemcacheService", "MemcacheConfiguration"})
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
    @ConfigProperty(name = "http.port", defaultValue = "8080")
    int httpPort;

    private HazelcastInstance grid;
    private String url;
    private UUID migrationListener;
    private UUID lifecycleListener;

    @PostConstruct
    void join() {
        Optional<HazelcastInstance> found = PayaraGrid.find();
        if (found.isEmpty() || found.get().getCluster().getLocalMember().isLiteMember()) {
            return;
        }
        grid = found.get();
        Member self = grid.getCluster().getLocalMember();
        PartitionService partitions = grid.getPartitionService();
        memcache.joinPool(
                self.getUuid().toString(), key -> writeLog.vouches() && isOwner(partitions.getPartition(key)));
        writeLog.follow();
        migrationListener = partitions.addMigrationListener(new DropGivenAwayPartitions(partitions));
        lifecycleListener = grid.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleState.MERGED) {
                publishUrl("Rejoined the pool after a split");
            }
        });
        url = advertisedUrl.orElseGet(() -> "http://" + self.getAddress().getHost() + ":" + httpPort + "/cache");
        publishUrl("Joined the pool");
    }

    private void publishUrl(String why) {
        UUID id = grid.getCluster().getLocalMember().getUuid();
        grid.<UUID, String>getMap(NODES_MAP).set(id, url);
        LOG.info(why + ": memcache node " + id + " at " + url);
    }

    @PreDestroy
    void leave() {
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

    private static boolean isOwner(Partition partition) {
        Member owner = partition.getOwner();
        return owner != null && owner.localMember();
    }

    /** Drops a partition's keys as soon as the grid has given the partition to another node. */
    private final class DropGivenAwayPartitions implements MigrationListener {

        private final PartitionService partitions;

        DropGivenAwayPartitions(PartitionService partitions) {
            this.partitions = partitions;
        }

        @Override
        public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
            Member source = event.getSource();
            if (event.getReplicaIndex() == 0 && source != null && source.localMember()) {
                int partition = event.getPartitionId();
                int dropped =
                        memcache.dropAll(key -> partitions.getPartition(key).getPartitionId() == partition);
                if (dropped > 0) {
                    LOG.fine(() -> "Partition " + partition + " moved away: " + dropped + " items dropped");
                }
            }
        }

        @Override
        public void replicaMigrationFailed(ReplicaMigrationEvent event) {}

        @Override
        public void migrationStarted(MigrationState state) {}

        @Override
        public void migrationFinished(MigrationState state) {}
    }
}
