package imagecache.frontend.store;

import imagecache.frontend.domain.ScalingDecision;
import imagecache.frontend.domain.ScalingMode;
import imagecache.frontend.domain.ScalingSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How the memcache pool is sized: the one row of {@code memcache_scaling}, with the lease of the front
 * end that decides for the whole deployment, and the auto-scaler's decisions ({@code
 * memcache_scaling_decision}).
 */
@ApplicationScoped
@Transactional
public class ScalingSettingsStore {

    /** How long decisions are kept: the manager page shows the last 30 minutes. */
    static final Duration KEEP_DECISIONS_FOR = Duration.ofHours(1);

    @Inject
    ImageDatabase database;

    public ScalingSettings read() {
        Object[] row = (Object[]) em().createNativeQuery(
                        "SELECT mode, exp_ratio, shrink_ratio, max_miss, min_miss FROM memcache_scaling WHERE id = 1")
                .getSingleResult();
        return new ScalingSettings(
                ScalingMode.valueOf((String) row[0]),
                ((Number) row[1]).doubleValue(),
                ((Number) row[2]).doubleValue(),
                ((Number) row[3]).doubleValue(),
                ((Number) row[4]).doubleValue());
    }

    public void write(ScalingSettings settings) {
        em().createNativeQuery("UPDATE memcache_scaling SET mode = ?1, exp_ratio = ?2, shrink_ratio = ?3,"
                        + " max_miss = ?4, min_miss = ?5 WHERE id = 1")
                .setParameter(1, settings.mode().name())
                .setParameter(2, settings.expRatio())
                .setParameter(3, settings.shrinkRatio())
                .setParameter(4, settings.maxMiss())
                .setParameter(5, settings.minMiss())
                .executeUpdate();
    }

    /**
     * Takes or renews the lease of the deciding front end for {@code length}: granted when no other
     * {@code decider} holds an unexpired one.
     *
     * @return whether {@code decider} holds it now
     */
    public boolean holdLease(String decider, Instant now, Duration length) {
        return em().createNativeQuery("UPDATE memcache_scaling SET decider = ?1, lease_until = ?2"
                                + " WHERE id = 1 AND (decider = ?1 OR lease_until < ?3)")
                        .setParameter(1, decider)
                        .setParameter(2, UtcDateTimes.column(now.plus(length)))
                        .setParameter(3, UtcDateTimes.column(now))
                        .executeUpdate()
                == 1;
    }

    /** Stores a decision of the auto-scaler, and keeps only the latest {@link #KEPT_DECISIONS}. */
    public void record(ScalingDecision decision) {
        em().createNativeQuery(
                        "INSERT INTO memcache_scaling_decision"
                                + " (decided_at, from_nodes, to_nodes, requests, miss_rate, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, UtcDateTimes.column(decision.at()))
                .setParameter(2, decision.from())
                .setParameter(3, decision.to())
                .setParameter(4, decision.requests())
                .setParameter(5, decision.missRate())
                .setParameter(
                        6, decision.reason().length() > 255 ? decision.reason().substring(0, 255) : decision.reason())
                .executeUpdate();
        em().createNativeQuery("DELETE FROM memcache_scaling_decision WHERE decided_at < ?1")
                .setParameter(1, UtcDateTimes.column(decision.at().minus(KEEP_DECISIONS_FOR)))
                .executeUpdate();
    }

    /** The latest decisions, newest first. */
    public List<ScalingDecision> decisions(int most) {
        List<?> rows = em().createNativeQuery("SELECT decided_at, from_nodes, to_nodes, requests, miss_rate, reason"
                        + " FROM memcache_scaling_decision ORDER BY id DESC")
                .setMaxResults(most)
                .getResultList();
        return rows.stream()
                .map(row -> (Object[]) row)
                .map(row -> new ScalingDecision(
                        UtcDateTimes.instant(row[0], "memcache_scaling_decision.decided_at"),
                        ((Number) row[1]).intValue(),
                        ((Number) row[2]).intValue(),
                        ((Number) row[3]).longValue(),
                        ((Number) row[4]).doubleValue(),
                        (String) row[5]))
                .toList();
    }

    private EntityManager em() {
        return database.entityManager();
    }
}
