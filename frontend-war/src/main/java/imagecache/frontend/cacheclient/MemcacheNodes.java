package imagecache.frontend.cacheclient;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import imagecache.frontend.domain.ImageKey;
import imagecache.memcache.protocol.MemcacheProtocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which cache WAR serves a key. Without a pool it is the one at CACHE_URL (default: the cache WAR
 * on this same server). In a pool ({@code CACHE_POOL=true}; this server a lite member of Payara
 * Micro's data grid) it is the cache node that owns the key's grid partition: the grid places keys
 * and moves them when nodes join or leave, and each cache node publishes its URL under its member
 * id in a grid map. Nothing here hashes keys or keeps a node list of its own.
 */
@ApplicationScoped
public class MemcacheNodes {

    /** The id of the one cache WAR when there is no pool. */
    public static final String LOCAL = MemcacheProtocol.LOCAL_NODE;

    @Inject
    @ConfigProperty(name = "cache.pool", defaultValue = "false")
    boolean pooled;

    @Inject
    @ConfigProperty(name = "cache.url")
    Optional<String> configuredUrl;

    /** How many cache nodes the pool has when whole; unset: the most this front end has seen at once. */
    @Inject
    @ConfigProperty(name = "cache.pool.size")
    Optional<Integer> poolSize;

    @Inject
    LocalServer localServer;

    private final AtomicInteger mostSeen = new AtomicInteger();
    /** The pool's stored target size, once read; 0 until then. */
    private volatile int targetSize;

    private volatile HazelcastInstance grid;
    private final Map<UUID, String> urls = new ConcurrentHashMap<>();

    /** The node that serves the key now; unavailable while no node owns it (the pool is forming or lost it). */
    public MemcacheNode ownerOf(ImageKey key) {
        if (!pooled) {
            return single();
        }
        Member owner = grid().getPartitionService().getPartition(key.value()).getOwner();
        if (owner == null) {
            throw new ImageCacheException(Reason.CACHE_UNAVAILABLE, "No memcache node owns '" + key + "' now");
        }
        return node(owner)
                .orElseThrow(() -> new ImageCacheException(
                        Reason.CACHE_UNAVAILABLE,
                        "Memcache node " + owner.getUuid() + " has not published its URL yet"));
    }

    /** Whether the memcache is a pool of nodes on the data grid. */
    public boolean isPool() {
        return pooled;
    }

    /**
     * Whether this front end sees as many cache nodes as the pool has when whole. Then every front end
     * that sees the grid as it does routes each key to the same node; one that sees fewer may be on
     * one side of a split, where the other side routes the key elsewhere.
     */
    public boolean seesWholePool() {
        if (!pooled) {
            return true;
        }
        int seen;
        try {
            seen = (int) grid().getCluster().getMembers().stream()
                    .filter(member -> !member.isLiteMember())
                    .count();
        } catch (ImageCacheException | IllegalStateException e) {
            // no grid to ask: nothing says every front end routes as this one does
            return false;
        }
        int most = mostSeen.accumulateAndGet(seen, Math::max);
        int whole = targetSize > 0 ? targetSize : poolSize.orElse(most);
        return seen >= whole;
    }

    /**
     * Whether the grid has no partition still to move (nor a backup to copy): only then does each node
     * hold its whole share, so a resize counts as under way until then. Always, outside a pool.
     */
    public boolean partitionsSettled() {
        if (!pooled) {
            return true;
        }
        try {
            return grid().getPartitionService().isClusterSafe();
        } catch (ImageCacheException | IllegalStateException e) {
            return false;
        }
    }

    /**
     * The size the pool was last resized to (0: never resized, the pool is as large as it was
     * started): from then on it is how many cache nodes make the pool whole.
     */
    public void expectPoolSize(int size) {
        targetSize = size;
    }

    /** How many cache nodes the pool has when whole, as this front end knows it before any resize. */
    public int startedPoolSize() {
        if (!pooled) {
            return 1;
        }
        return poolSize.orElseGet(() -> Math.max(mostSeen.get(), all().size()));
    }

    /** The grid's members as host:port, through which a new member joins it; none without a pool. */
    public List<String> gridMembers() {
        if (!pooled) {
            return List.of();
        }
        return grid().getCluster().getMembers().stream()
                .map(member -> member.getAddress().getHost() + ":"
                        + member.getAddress().getPort())
                .toList();
    }

    /** Every node, ordered by URL: the one cache WAR, or the pool's cache nodes that published their URL. */
    public List<MemcacheNode> all() {
        if (!pooled) {
            return List.of(single());
        }
        var members = grid().getCluster().getMembers();
        urls.keySet().removeIf(id -> members.stream().noneMatch(m -> m.getUuid().equals(id)));
        return members.stream()
                .filter(member -> !member.isLiteMember())
                .map(this::node)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(MemcacheNode::url))
                .toList();
    }

    private MemcacheNode single() {
        return new MemcacheNode(
                LOCAL, configuredUrl.orElseGet(() -> "http://127.0.0.1:" + localServer.cachePort() + "/cache"));
    }

    private Optional<MemcacheNode> node(Member member) {
        UUID id = member.getUuid();
        String url = urls.get(id);
        if (url == null) {
            url = grid().<UUID, String>getMap(MemcacheProtocol.NODES_MAP).get(id);
            if (url == null) {
                return Optional.empty();
            }
            urls.put(id, url);
        }
        return Optional.of(new MemcacheNode(id.toString(), url));
    }

    private HazelcastInstance grid() {
        HazelcastInstance found = grid;
        if (found == null) {
            try {
                found = (HazelcastInstance) new InitialContext().lookup("payara/Hazelcast");
            } catch (NamingException | ClassCastException e) {
                throw new ImageCacheException(
                        Reason.CACHE_UNAVAILABLE, "CACHE_POOL is set but this server is not in a Payara cluster", e);
            }
            grid = found;
        }
        return found;
    }
}
