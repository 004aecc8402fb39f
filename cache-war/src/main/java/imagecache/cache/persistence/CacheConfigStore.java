package imagecache.cache.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Optional;

/** Reads and writes the stored memcache configuration. */
@ApplicationScoped
@Transactional
public class CacheConfigStore {

    @Inject
    CacheDatabase database;

    public Optional<CacheConfigRow> load() {
        return Optional.ofNullable(em().find(CacheConfigRow.class, CacheConfigRow.ONLY_ROW));
    }

    public void save(int capacityMB, String policy) {
        LocalDateTime now = LocalDateTime.now(Clock.systemUTC());
        CacheConfigRow row = em().find(CacheConfigRow.class, CacheConfigRow.ONLY_ROW);
        if (row == null) {
            em().persist(new CacheConfigRow(capacityMB, policy, now));
        } else {
            row.update(capacityMB, policy, now);
        }
    }

    private EntityManager em() {
        return database.entityManager();
    }
}
