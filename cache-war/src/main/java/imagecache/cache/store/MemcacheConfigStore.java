package imagecache.cache.store;

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
public class MemcacheConfigStore {

    @Inject
    MemcacheDatabase database;

    public Optional<MemcacheConfigRow> load() {
        return Optional.ofNullable(em().find(MemcacheConfigRow.class, MemcacheConfigRow.ONLY_ROW));
    }

    public void save(int capacityMB, String policy) {
        LocalDateTime now = LocalDateTime.now(Clock.systemUTC());
        MemcacheConfigRow row = em().find(MemcacheConfigRow.class, MemcacheConfigRow.ONLY_ROW);
        if (row == null) {
            em().persist(new MemcacheConfigRow(capacityMB, policy, now));
        } else {
            row.update(capacityMB, policy, now);
        }
    }

    private EntityManager em() {
        return database.entityManager();
    }
}
