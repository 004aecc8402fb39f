package imagecache.cache;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * How far a node has read the pool's write log, and whether it may serve. Rows commit out of their
 * {@code seq} order (a row is inserted early in its write's transaction), so each read starts
 * below the rows of the last {@code commitSpan} and applies each row once; a node that read the log
 * successfully less than {@code lease} ago may serve hits and store values.
 */
public final class WriteLogCursor {

    /** One row: {@code key} null means every key; {@code tag} null means the key was deleted. */
    public record Row(long seq, String key, String tag) {}

    private record Read(long startedNanos, long highestSeq) {}

    private final long commitSpanNanos;
    private final long leaseNanos;
    private final long lapseNanos;
    private final Deque<Read> reads = new ArrayDeque<>();
    private final NavigableSet<Long> applied = new TreeSet<>();
    private long startFloor = -1;
    private volatile long lastReadNanos;
    private volatile boolean reading;

    /**
     * @param lapseNanos after a gap without a successful read this long, rows may have been pruned
     *     unread: the node must start again from nothing ({@link #mustRestart})
     */
    public WriteLogCursor(long commitSpanNanos, long leaseNanos, long lapseNanos) {
        this.commitSpanNanos = commitSpanNanos;
        this.leaseNanos = leaseNanos;
        this.lapseNanos = lapseNanos;
    }

    /** Whether the cursor needs a starting point ({@link #startAfter}) before its next read. */
    public synchronized boolean mustRestart(long nowNanos) {
        return startFloor < 0 || (reading && nowNanos - lastReadNanos > lapseNanos);
    }

    /**
     * Starts (again) after {@code seq}: the highest seq committed before the last commit span, so
     * that rows still being committed then are read too. The memcache must be empty.
     */
    public synchronized void startAfter(long seq) {
        startFloor = Math.max(seq, 0);
        reads.clear();
        applied.clear();
        reading = false;
    }

    /** Rows above this seq are to be read now. */
    public synchronized long readAfter(long nowNanos) {
        while (reads.size() > 1 && nowNanos - secondOldest().startedNanos > commitSpanNanos) {
            reads.pollFirst();
        }
        Read oldest = reads.peekFirst();
        long floor =
                oldest != null && nowNanos - oldest.startedNanos > commitSpanNanos ? oldest.highestSeq : startFloor;
        applied.headSet(floor, true).clear();
        return floor;
    }

    /**
     * A read that started at {@code startedNanos} returned {@code rows} (ascending seq, all above
     * {@link #readAfter}): returns those not applied before, which the caller applies now, then the
     * read counts for the lease.
     */
    public synchronized List<Row> read(long startedNanos, List<Row> rows) {
        long highest = reads.isEmpty() ? startFloor : reads.peekLast().highestSeq;
        for (Row row : rows) {
            highest = Math.max(highest, row.seq());
        }
        reads.addLast(new Read(startedNanos, highest));
        return rows.stream().filter(row -> applied.add(row.seq())).toList();
    }

    /** The rows returned by {@link #read} were applied: the node may serve until {@code startedNanos} + lease. */
    public void applied(long startedNanos) {
        lastReadNanos = startedNanos;
        reading = true;
    }

    /** Whether a node may serve now: its last successful read began less than a lease ago. */
    public boolean vouches(long nowNanos) {
        return reading && nowNanos - lastReadNanos < leaseNanos;
    }

    private Read secondOldest() {
        var iterator = reads.iterator();
        iterator.next();
        return iterator.next();
    }
}
