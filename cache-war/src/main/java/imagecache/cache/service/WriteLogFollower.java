package imagecache.cache.service;

import imagecache.cache.WriteLogCursor;
import imagecache.cache.WriteLogCursor.Row;
import imagecache.cache.store.WriteLogStore;
import imagecache.memcache.protocol.WriteLog;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * In a pool, reads the write log ({@link WriteLog}) every {@link WriteLog#POLL_MILLIS} and applies
 * each write to this node's memcache (a value another write replaced or deleted goes), and says
 * whether the node may serve: only while its reads of the log succeed. A node cut off from the
 * front ends by the network still learns every write this way; one cut off from the database serves
 * nothing. After a gap longer than the log keeps rows, the node starts again empty.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WriteLogFollower {

    private static final Logger LOG = Logger.getLogger(WriteLogFollower.class.getName());
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
    private static final Duration RETRY_WHILE_FAILING = Duration.ofSeconds(2);

    @Inject
    MemcacheService memcache;

    @Inject
    WriteLogStore log;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final WriteLogCursor cursor = new WriteLogCursor(
            TimeUnit.MILLISECONDS.toNanos(WriteLog.COMMIT_SPAN_MILLIS),
            TimeUnit.MILLISECONDS.toNanos(WriteLog.LEASE_MILLIS),
            TimeUnit.MILLISECONDS.toNanos(WriteLog.RETENTION_MILLIS - WriteLog.COMMIT_SPAN_MILLIS));
    private ScheduledFuture<?> following;
    private long prunedNanos = System.nanoTime();
    private volatile boolean failing;
    private long failedNanos;

    /** Starts following the log; until the first read succeeds the node serves nothing. */
    public synchronized void follow() {
        if (following == null) {
            following =
                    scheduler.scheduleWithFixedDelay(this::readQuietly, 0, WriteLog.POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (following != null) {
            following.cancel(false);
        }
    }

    /** Whether this node may serve hits and store values now. */
    public boolean vouches() {
        return cursor.vouches(System.nanoTime());
    }

    private void readQuietly() {
        long now = System.nanoTime();
        // a database that does not answer is asked again less often: the node serves nothing meanwhile anyway
        if (failing && now - failedNanos < RETRY_WHILE_FAILING.toNanos()) {
            return;
        }
        try {
            read();
            if (failing) {
                failing = false;
                LOG.info("Write log read again: this memcache node serves");
            }
        } catch (RuntimeException e) {
            // an exception would end the schedule; the node serves nothing until a read works
            failedNanos = now;
            if (!failing) {
                failing = true;
                LOG.warning("Write log not read (this memcache node serves nothing until it is): " + e.getMessage());
            }
        }
    }

    private void read() {
        long started = System.nanoTime();
        if (cursor.mustRestart(started)) {
            memcache.restart();
            cursor.startAfter(log.highestBefore(utcNow().minus(Duration.ofMillis(WriteLog.COMMIT_SPAN_MILLIS))));
        }
        List<Row> rows = cursor.read(started, log.after(cursor.readAfter(started)));
        for (Row row : rows) {
            if (row.key() == null) {
                memcache.clearLogged(row.seq());
            } else {
                memcache.supersede(row.key(), row.tag(), row.seq());
            }
        }
        cursor.applied(started);
        if (started - prunedNanos > PRUNE_EVERY.toNanos()) {
            prunedNanos = started;
            log.pruneBefore(utcNow().minus(Duration.ofMillis(WriteLog.RETENTION_MILLIS)));
        }
    }

    private static LocalDateTime utcNow() {
        return LocalDateTime.now(Clock.systemUTC());
    }
}
