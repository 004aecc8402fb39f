package imagecache.frontend.store;

import imagecache.frontend.domain.PoolTarget;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The memcache pool's target size: the one row of {@code memcache_pool}. */
@ApplicationScoped
@Transactional
public class PoolTargetStore {

    @Inject
    ImageDatabase database;

    public PoolTarget read() {
        Object[] row = (Object[]) em().createNativeQuery("SELECT target, changed_at FROM memcache_pool WHERE id = 1")
                .getSingleResult();
        return new PoolTarget(((Number) row[0]).intValue(), instant(row[1]));
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
                        .setParameter(2, local(next.changedAt()))
                        .setParameter(3, expected.size())
                        .setParameter(4, local(expected.changedAt()))
                        .executeUpdate()
                == 1;
    }

    private static LocalDateTime local(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A DATETIME read back as the UTC instant it was written as. */
    private static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException(
                "memcache_pool.changed_at read as " + value.getClass().getName());
    }

    private EntityManager em() {
        return database.entityManager();
    }
}
