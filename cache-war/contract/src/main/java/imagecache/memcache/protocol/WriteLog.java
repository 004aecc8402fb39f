package imagecache.memcache.protocol;

/**
 * The pool's second path for writes: every upload and delete a front end commits also appends a row
 * to this table of the shared database, in the same transaction, and every cache node reads the new
 * rows every {@link #POLL_MILLIS}. The direct calls to a key's owner stay the fast path; this one
 * reaches the nodes a front end cannot call (a network split, a node that owned the key in another
 * side's view), since every member that serves reaches the database.
 *
 * <p>A node serves hits and stores values only while its last successful read of the log began
 * less than {@link #LEASE_MILLIS} ago. So once a write's row has been committed for that long, no
 * node anywhere serves what the write replaced; a front end that cannot be sure its direct calls
 * reached every node that may hold the key waits that long before it acknowledges the write.
 *
 * <p>Columns: {@code seq} (ascending), {@code image_key} (null: every key, the store was emptied),
 * {@code sha256} (the content hash of the key's image now; null: deleted), {@code written_at}.
 */
public final class WriteLog {

    public static final String TABLE = "memcache_write_log";

    /** How often a cache node reads the log. */
    public static final long POLL_MILLIS = 250;

    /** How long a node serves after the start of its last successful read of the log. */
    public static final long LEASE_MILLIS = 3_000;

    /**
     * How long a write's row may take from its insert to its commit: the commit order of rows is not
     * their {@code seq} order, so a node reads again the rows of this last span (each is applied
     * once). A write's transaction inserts its row last and then only calls the memcache, which
     * times out after a few seconds.
     */
    public static final long COMMIT_SPAN_MILLIS = 15_000;

    /** How long rows are kept; a node that could not read the log for longer clears itself. */
    public static final long RETENTION_MILLIS = 10 * 60_000;

    private WriteLog() {}
}
