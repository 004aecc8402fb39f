package imagecache.frontend.store;

import imagecache.frontend.domain.ScalingDecision;
import imagecache.frontend.domain.ScalingMode;
import imagecache.frontend.domain.ScalingRule;
import imagecache.frontend.domain.ScalingSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

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
        Object[] row = (Object[])
                em().createNativeQuery("SELECT mode, exp_ratio, shrink_ratio, max_miss, min_miss, scaler, target_hit"
                                + " FROM memcache_scaling WHERE id = 1")
                        .getSingleResult();
        return new ScalingSettings(
                ScalingMode.valueOf((String) row[0]),
                ((Number) row[1]).doubleValue(),
                ((Number) row[2]).doubleValue(),
                ((Number) row[3]).doubleValue(),
                ((Number) row[4]).doubleValue(),
                ScalingRule.valueOf((String) row[5]),
                ((Number) row[6]).doubleValue());
    }

    public void write(ScalingSettings settings) {
        em().createNativeQuery("UPDATE memcache_scaling SET mode = ?1, exp_ratio = ?2, shrink_ratio = ?3,"
                        + " max_miss = ?4, min_miss = ?5, scaler = ?6, target_hit = ?7 WHERE id = 1")
                .setParameter(1, settings.mode().name())
                .setParameter(2, settings.expRatio())
                .setParameter(3, settings.shrinkRatio())
                .setParameter(4, settings.maxMiss())
                .setParameter(5, settings.minMiss())
                .setParameter(6, settings.rule().name())
                .setParameter(7, settings.targetHit())
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

    /** Stores a decision of the auto-scaler, and forgets those older than {@link #KEEP_DECISIONS_FOR}. */
    public void record(ScalingDecision decision) {
        em().createNativeQuery("INSERT INTO memcache_scaling_decision"
                        + " (decided_at, from_nodes, to_nodes, requests, miss_rate, reason, scaler, hit_rate_by_size)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, UtcDateTimes.column(decision.at()))
                .setParameter(2, decision.from())
                .setParameter(3, decision.to())
                .setParameter(4, decision.requests())
                .setParameter(5, decision.missRate())
                .setParameter(
                        6, decision.reason().length() > 255 ? decision.reason().substring(0, 255) : decision.reason())
                .setParameter(7, decision.rule().name())
                .setParameter(8, bySizeColumn(decision.hitRateBySize()))
                .executeUpdate();
        em().createNativeQuery("DELETE FROM memcache_scaling_decision WHERE decided_at < ?1")
                .setParameter(1, UtcDateTimes.column(decision.at().minus(KEEP_DECISIONS_FOR)))
                .executeUpdate();
    }

    /** The latest decisions, newest first. */
    public List<ScalingDecision> decisions(int most) {
        List<?> rows = em().createNativeQuery(
                        "SELECT decided_at, from_nodes, to_nodes, requests, miss_rate, reason, scaler,"
                                + " hit_rate_by_size"
                                + " FROM memcache_scaling_decision ORDER BY id DESC")
                .setMaxResults(most)
                .getResultList();
        return rows.stream()
                .map(row -> (Object[]) row)
                .map(row -> new ScalingDecision(
                        UtcDateTimes.instant(row[0], "memcache_scaling_decision.decided_at"),
                        ScalingRule.valueOf((String) row[6]),
                        ((Number) row[1]).intValue(),
                        ((Number) row[2]).intValue(),
                        ((Number) row[3]).longValue(),
                        ((Number) row[4]).doubleValue(),
                        bySize((String) row[7]),
                        (String) row[5]))
                .toList();
    }

    /** A decision's hit rate by pool size as its column holds it: "1=0.412 2=0.655", by size. */
    static String bySizeColumn(SortedMap<Integer, Double> bySize) {
        StringJoiner column = new StringJoiner(" ");
        bySize.forEach((size, rate) -> column.add(size + "=" + String.format(Locale.ROOT, "%.4f", rate)));
        return column.toString();
    }

    static SortedMap<Integer, Double> bySize(String column) {
        SortedMap<Integer, Double> bySize = new TreeMap<>();
        for (String pair : column.split(" ")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                bySize.put(Integer.valueOf(pair.substring(0, equals)), Double.valueOf(pair.substring(equals + 1)));
            }
        }
        return bySize;
    }

    private EntityManager em() {
        return database.entityManager();
    }
}
