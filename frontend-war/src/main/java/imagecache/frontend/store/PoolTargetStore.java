package imagecache.frontend.store;

import imagecache.frontend.domain.PoolTarget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The memcache pool's target size: the one row of {@code memcache_pool}. */
@ApplicationScoped
@Transactional
public class PoolTargetStore {

    @Inject
    ImageDatabase database;

    public PoolTarget read() {
        Object[] row = (Object[]) em().createNativeQuery("SELECT target, changed_at FROM memcache_pool WHERE id = 1")
                .getSingleResult();
        return new PoolTarget(((Number) row[0]).intValue(), UtcDateTimes.instant(row[1], "memcache_pool.changed_at"));
    }

    /**
     * Replaces {@code expected} by {@code next}, unless another front end changed the row since
     * {@code expected} was read.
     *
     * @return whether this call changed it
     */
    public boolean replace(PoolTarget expected, PoolTarget next) {
        return em().createNativeQuery("UPDATE memcache_pool SET target = ?1, changed_at = ?2"
                                + " WHERE id = 1 AND target = ?3 AND changed_at = ?4")
                        .setParameter(1, next.size())
                        .setParameter(2, UtcDateTimes.column(next.changedAt()))
                        .setParameter(3, expected.size())
                        .setParameter(4, UtcDateTimes.column(expected.changedAt()))
                        .executeUpdate()
                == 1;
    }

    private EntityManager em() {
        return database.entityManager();
    }
}
