package imagecache.memcache.protocol;

/**
 * Where things are on a cache WAR and what its headers are called. Every path is relative to the
 * cache WAR's URL (e.g. {@code http://host:port/cache}).
 *
 * <ul>
 *   <li>{@code GET entries/{key}}: a hit (200, the value, {@link #TAG_HEADER}), a hit of the tag named
 *       in {@code If-None-Match} (304), or a miss (204 with a {@link #LEASE_HEADER});
 *   <li>{@code HEAD entries/{key}}: 200 when cached, 404 when not, without counting a read;
 *   <li>{@code PUT entries/{key}} (the value, {@link #TAG_HEADER}; {@code ?lease=} after a miss):
 *       {@link StoreAnswer};
 *   <li>{@code POST entries/{key}/settle} ({@link #TAG_HEADER}; {@code ?seq=} in a pool): settles the
 *       put of that tag;
 *   <li>{@code DELETE entries/{key}} ({@code ?seq=} after a delete in a pool), {@code DELETE entries} ({@code ?seq=} after a delete of every image in a pool):
 *       drops the key, or every key; a drop
 *       or settle of a key the node does not own (in a pool) answers with {@link #OWNER_HEADER}
 *       {@code false}: the write may not have reached the node that serves the key;
 *   <li>{@code PUT entries} (a batch of items, from another cache node of the pool when the grid
 *       moved their partition to this one, or from a node that left): {@link HandoffAnswer};
 *   <li>{@code POST leave} (a pool node): leaves the pool's grid gracefully, so that the grid moves
 *       its partitions to the other nodes, and hands its items to them; {@link LeaveAnswer}, or 409
 *       when it is not a pool node, is the last one holding keys, or has left already;
 *   <li>{@code GET|PUT config}, {@code POST config/refresh}: {@link MemcacheConfig};
 *   <li>{@code GET stats}: {@link NodeStats}; {@code GET history} ({@code ?minutes=}, 1 to
 *       {@link History#MOST_MINUTES}, default {@link History#DEFAULT_MINUTES}): {@link History};
 *   <li>{@code GET trace}: the sampled reads as text ({@link TraceKeys}), 404 when the curve is off.
 * </ul>
 *
 * Keys travel in paths as {@link EntryKeys}. With an admin token set, every call carries {@code
 * Authorization: Bearer <token>}. A refusal is {@code {"error": message}}: 400 for a bad value,
 * 401 without the token, 409 for a call the node's state refuses, 503 when the cache WAR's database failed.
 */
public final class MemcacheProtocol {

    /** The JAX-RS application and servlet root under the cache WAR's URL. */
    public static final String API = "api";

    public static final String ENTRIES = "entries";
    /** The last segment of {@code entries/{key}/settle}. */
    public static final String SETTLE = "settle";

    public static final String CONFIG = "config";
    /** Under {@link #CONFIG}: puts the defaults back. */
    public static final String REFRESH = "refresh";

    public static final String STATS = "stats";
    public static final String HISTORY = "history";
    public static final String TRACE = "trace";
    public static final String LEAVE = "leave";

    /** On a miss: the lease that lets the reader fill the key, unless it was written since. */
    public static final String LEASE_HEADER = "Cache-Lease";
    /** The query parameter a fill sends its lease back in. */
    public static final String LEASE_PARAMETER = "lease";
    /** A short text stored with a value and returned with it (the front end sends the content hash). */
    public static final String TAG_HEADER = "Cache-Tag";

    /**
     * The query parameter of a settle or drop that follows a write in a pool: the seq of the write's
     * row in the write log, which the node then need not apply again ({@link WriteLog}).
     */
    public static final String LOG_SEQ_PARAMETER = "seq";

    /** Answers a drop or settle with {@code false} when the node does not own the key. */
    public static final String OWNER_HEADER = "Cache-Owner";

    /** The grid map in which each pool node publishes its cache WAR's URL under its member id. */
    public static final String NODES_MAP = "imagecache-memcache-nodes";
    /** The node name of a cache WAR that is not part of a pool. */
    public static final String LOCAL_NODE = "local";

    private MemcacheProtocol() {}
}
