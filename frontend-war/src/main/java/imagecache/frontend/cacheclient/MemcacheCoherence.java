package imagecache.frontend.cacheclient;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import imagecache.frontend.domain.ImageKey;
import imagecache.memcache.protocol.WriteLog;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The rules that keep the memcache from serving an image older than the last committed write of its
 * key, on every front end, in one place (the leases and deletes after commit of memcache at
 * Facebook, NSDI '13):
 *
 * <ul>
 *   <li><b>A write puts its image while it holds the key's row lock</b> ({@link #onCommitPut}): puts of
 *       one key then reach the memcache in the order of the writes. The put is not final until the
 *       commit: after it, the entry is <b>settled</b>; after a rollback (or a put that failed), the key
 *       is <b>dropped</b>, since the memcache may hold an image that was never committed.
 *   <li><b>A delete drops the key after its commit</b> ({@link #onCommitDrop}): a read that missed
 *       before the commit cannot fill the deleted image afterwards, because a drop ends its lease.
 *   <li><b>A read that missed fills with its lease</b> ({@link #fill}): the memcache takes it only if
 *       the key was neither written nor dropped since the miss.
 *   <li><b>A write that could not be delivered</b> (the node was unreachable) would leave the old
 *       image there when the node comes back. Such keys are remembered per node ({@link
 *       UndeliveredWrites}) and every later call to that node first drops them, or clears it when a
 *       clear was missed or too many are pending; until that has worked the node counts as
 *       unavailable. A key whose owner changed meanwhile needs nothing: a node hands the keys the
 *       grid gives away to their new owner or drops them.
 *   <li><b>A write that reached a node that no longer owns the key</b> (the grid moved the key's
 *       partition a moment before; the node says so) counts as not delivered: the new owner may
 *       hold the key's item, handed over from the old one, until it reads the write in the log.
 *   <li><b>In a pool, every write also goes through the database</b>: its transaction appends the
 *       key and its new hash to the write log ({@code WriteLog} in the contract; {@code ImageWrites}
 *       does it), which every cache node follows and without which it serves nothing. That reaches
 *       the nodes this front end cannot call, and the node that holds the key in another side's
 *       view of a split grid. When this front end cannot be sure its own calls reached every node
 *       that may serve the key (a call failed or went to a node that no longer owns the key, or it sees
 *       fewer cache nodes than the pool has), it
 *       acknowledges the write only after the lease of {@code WriteLog.LEASE_MILLIS}: by then every
 *       node that serves has read the write ({@link #awaitWriteLogUnless}).
 * </ul>
 *
 * The writes register with their JTA transaction ({@link Synchronization}), so that the rules are
 * read here and not spread over the code that writes.
 */
@ApplicationScoped
public class MemcacheCoherence {

    private static final Logger LOG = Logger.getLogger(MemcacheCoherence.class.getName());

    @Inject
    MemcachePool pool;

    @Inject
    MemcacheNodeClient node;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private final Map<String, UndeliveredWrites> undelivered = new ConcurrentHashMap<>();

    /**
     * Reads a key; with {@code knownSha256} (null: none), a hit of that same content comes back without
     * its value. Unavailable (never thrown) when the memcache cannot be asked: the caller reads from
     * disk and does not fill.
     */
    public MemcacheLookup read(ImageKey key, String knownSha256) {
        try {
            MemcacheNode owner = pool.ownerOf(key);
            deliverPending(owner);
            return node.get(owner, key, knownSha256);
        } catch (ImageCacheException e) {
            LOG.fine(() -> "Memcache skipped: " + e.getMessage());
            return new MemcacheLookup.Unavailable();
        }
    }

    /** Whether the key is cached now, without counting a read. */
    public boolean contains(ImageKey key) {
        MemcacheNode owner = pool.ownerOf(key);
        deliverPending(owner);
        return node.contains(owner, key);
    }

    /** After a miss: puts the image read from disk back, under the miss's lease; quietly, it is only a cache. */
    public void fill(ImageKey key, MemcacheLookup.Miss miss, byte[] image, String sha256) {
        if (miss.lease() == 0) {
            return;
        }
        try {
            MemcacheNode owner = pool.ownerOf(key);
            deliverPending(owner);
            node.fill(owner, key, image, sha256, miss.lease());
        } catch (ImageCacheException e) {
            LOG.fine(() -> "Memcache not filled: " + e.getMessage());
        }
    }

    /**
     * Called by a write of the key's image inside its transaction, holding the key's row lock: puts
     * the image before the commit, then settles it after the commit, or drops the key after a
     * rollback. {@code image} is read only then; {@code logSeq} is the write's row in the pool's write
     * log (0: none), which the node need not apply again once told.
     */
    public void onCommitPut(ImageKey key, Supplier<byte[]> image, String sha256, long logSeq) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            private Boolean put;

            @Override
            public void beforeCompletion() {
                put = putQuietly(key, image, sha256);
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED && Boolean.TRUE.equals(put)) {
                    awaitWriteLogUnless(settleQuietly(key, sha256, logSeq));
                } else if (status == Status.STATUS_COMMITTED) {
                    awaitWriteLogUnless(dropQuietly(key, logSeq) && put != null);
                } else {
                    dropQuietly(key, 0);
                }
            }
        });
    }

    /**
     * Called by a delete of the key inside its transaction: drops the key once the delete is
     * committed ({@code logSeq}: its row in the pool's write log, 0: none).
     */
    public void onCommitDrop(ImageKey key, long logSeq) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    awaitWriteLogUnless(dropQuietly(key, logSeq));
                }
            }
        });
    }

    /**
     * Clears every node. One that cannot be reached now is cleared as soon as it answers again, and
     * its failure is still thrown: the caller learns that the memcache is not empty yet.
     */
    public void clear() {
        clear(0);
    }

    private void clear(long logSeq) {
        pool
                .askEach(owner -> {
                    UndeliveredWrites pending = pendingOf(owner);
                    try {
                        node.clear(owner, logSeq);
                        pending.cleared();
                        return owner;
                    } catch (ImageCacheException e) {
                        pending.missedClear();
                        throw e;
                    }
                })
                .stream()
                .map(MemcachePool.Answer::failure)
                .flatMap(Optional::stream)
                .reduce((earlier, later) -> later)
                .ifPresent(failed -> {
                    throw failed;
                });
    }

    /**
     * After the store was emptied (its write log row committed): clears every node, and waits for
     * the write log unless every node was cleared and this front end sees the whole pool.
     */
    public void clearAfterDeletingAll(long logSeq) {
        boolean cleared = false;
        try {
            clear(logSeq);
            cleared = true;
        } finally {
            awaitWriteLogUnless(cleared);
        }
    }

    /** Whether writes are to be appended to the pool's write log: in a pool. */
    public boolean logsWrites() {
        return pool.isPool();
    }

    /**
     * Waits a lease and a read of the log ({@link WriteLog#LEASE_MILLIS}, {@link WriteLog#POLL_MILLIS})
     * after a committed write, unless {@code delivered} (its
     * calls reached the key's node) and this front end sees the whole pool, or there is no pool: once
     * the write's log row is that old, every node that serves has read it.
     */
    private void awaitWriteLogUnless(boolean delivered) {
        if (!pool.isPool() || (delivered && pool.seesWholePool())) {
            return;
        }
        try {
            Thread.sleep(WriteLog.LEASE_MILLIS + WriteLog.POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Puts the image at the key's node: true if stored, false if refused, null if it could not be delivered. */
    private Boolean putQuietly(ImageKey key, Supplier<byte[]> image, String sha256) {
        try {
            return remembering(key, owner -> node.put(owner, key, image.get(), sha256));
        } catch (ImageCacheException e) {
            LOG.warning("Upload of '" + key + "' stored, memcache not updated: " + e.getMessage());
            return null;
        }
    }

    /**
     * Settles the put of the key; false if that could not be delivered, or went to a node that no
     * longer owns the key (the grid moved it meanwhile: its new owner may hold an item handed over).
     */
    private boolean settleQuietly(ImageKey key, String sha256, long logSeq) {
        try {
            return remembering(key, owner -> node.settle(owner, key, sha256, logSeq));
        } catch (ImageCacheException e) {
            LOG.warning("Memcache entry of '" + key + "' not settled (dropped when it is back): " + e.getMessage());
            return false;
        }
    }

    /** Drops the key at its node; false if that could not be delivered, or went to a node that no longer owns it. */
    private boolean dropQuietly(ImageKey key, long logSeq) {
        try {
            return remembering(key, owner -> node.drop(owner, key, logSeq));
        } catch (ImageCacheException e) {
            LOG.warning("Memcache entry of '" + key + "' not dropped: " + e.getMessage());
            return false;
        }
    }

    /** Runs a write of one key at its node; if it fails, the key is dropped there as soon as the node is back. */
    private <T> T remembering(ImageKey key, Function<MemcacheNode, T> write) {
        MemcacheNode owner = pool.ownerOf(key);
        try {
            deliverPending(owner);
            return write.apply(owner);
        } catch (ImageCacheException e) {
            if (e.reason() == Reason.CACHE_UNAVAILABLE) {
                pendingOf(owner).missed(key);
            }
            throw e;
        }
    }

    /** Drops what missed writes left behind at the node; throws (node unavailable) until that has worked. */
    private void deliverPending(MemcacheNode owner) {
        UndeliveredWrites pending = undelivered.get(owner.url());
        if (pending != null && !pending.isEmpty()) {
            pending.deliver(key -> node.drop(owner, key), () -> {
                node.clear(owner, 0);
                pending.cleared();
            });
        }
    }

    private UndeliveredWrites pendingOf(MemcacheNode owner) {
        return undelivered.computeIfAbsent(owner.url(), url -> new UndeliveredWrites());
    }
}
