package imagecache.cache.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.util.List;

/** Appends statistics samples, reads recent ones and prunes old ones. */
@ApplicationScoped
@Transactional
public class MemcacheStatsStore {

    @Inject
    MemcacheDatabase database;

    public void append(MemcacheStatsRow sample) {
        em().persist(sample);
    }

    /** Samples taken at or after {@code since} (UTC), oldest first. */
    public List<MemcacheStatsRow> since(LocalDateTime since) {
        return em().createQuery(
                        "SELECT s FROM MemcacheStatsRow s WHERE s.sampledAt >= :since ORDER BY s.sampledAt",
                        MemcacheStatsRow.class)
                .setParameter("since", since)
                .getResultList();
    }

    /** Deletes samples taken before {@code cutoff} (UTC); returns how many. */
    public int pruneBefore(LocalDateTime cutoff) {
        return em().createQuery("DELETE FROM MemcacheStatsRow s WHERE s.sampledAt < :cutoff")
                .setParameter("cutoff", cutoff)
                .executeUpdate();
    }

    private EntityManager em() {
        return database.entityManager();
    }
}
