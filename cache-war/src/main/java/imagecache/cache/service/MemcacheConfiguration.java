package imagecache.cache.service;

import imagecache.cache.ReplacementPolicy;
import imagecache.cache.store.MemcacheConfigStore;
import imagecache.cache.store.SchemaMigration;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the memcache's configuration and the stored one the same: restores the stored one at start
 * (or, when the database comes later, as soon as its tables are there), storing the defaults when
 * there is none; stores every change before applying it; and every 5 seconds follows a change
 * another node of the pool stored (the front ends set every node, but a node that was unreachable
 * then, or joined since, learns it here).
 */
@Singleton
@Startup
// the schema's first migration has been tried when this starts, and the memcache exists before a
// stored configuration is applied to it
@DependsOn({"SchemaMigration", "MemcacheService"})
// its own lock orders a change against the following; the container adds none
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MemcacheConfiguration {

    private static final Logger LOG = Logger.getLogger(MemcacheConfiguration.class.getName());
    static final long FOLLOW_SECONDS = 5;

    @Inject
    MemcacheService memcache;

    @Inject
    MemcacheDefaults defaults;

    @Inject
    MemcacheConfigStore configStore;

    @Inject
    SchemaMigration schema;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Object lock = new Object();
    private volatile boolean restored;
    private ScheduledFuture<?> following;

    @PostConstruct
    void start() {
        restoreOrFollow();
        following = scheduler.scheduleAtFixedRate(
                this::followStoredConfiguration, FOLLOW_SECONDS, FOLLOW_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        following.cancel(false);
    }

    /** Stores the new configuration first, so a failing database changes nothing; then applies it. */
    public MemcacheSettings configure(MemcacheSettings settings) {
        synchronized (lock) {
            configStore.save(settings.capacityMB(), settings.policy().name());
            memcache.apply(settings);
            return settings;
        }
    }

    public MemcacheSettings refreshToDefaults() {
        return configure(defaults.settings());
    }

    /**
     * Runs every 5 s on a managed executor, not an EJB timer, for the reason {@link StatsSampler}
     * gives: a database outage must not end the schedule.
     */
    private void followStoredConfiguration() {
        try {
            restoreOrFollow();
        } catch (RuntimeException e) {
            // an exception would end the schedule: log it, and try again in 5 s
            LOG.log(Level.WARNING, "Following the stored memcache configuration failed", e);
        }
    }

    /** Restores the stored configuration once the schema is there, then follows its changes. */
    private void restoreOrFollow() {
        if (!schema.isMigrated()) {
            return;
        }
        if (restored) {
            try {
                followStored();
            } catch (RuntimeException e) {
                LOG.fine(() -> "Stored memcache configuration not read: " + e.getMessage());
            }
            return;
        }
        synchronized (lock) {
            try {
                MemcacheSettings stored = storedSettings().orElse(memcache.settings());
                configure(stored);
                restored = true;
                LOG.info("Memcache configuration restored: " + stored.capacityMB() + " MB, " + stored.policy());
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "Cannot read the stored memcache configuration; tried again in 5 s: " + e.getMessage());
            }
        }
    }

    private void followStored() {
        synchronized (lock) {
            storedSettings()
                    .filter(stored -> !stored.equals(memcache.settings()))
                    .ifPresent(stored -> {
                        memcache.apply(stored);
                        LOG.info("Memcache configuration changed by the pool: " + stored.capacityMB() + " MB, "
                                + stored.policy());
                    });
        }
    }

    /** The configuration stored in the database, if there is a valid one. */
    private Optional<MemcacheSettings> storedSettings() {
        return configStore
                .load()
                .flatMap(row -> ReplacementPolicy.parse(row.policy())
                        .map(policy -> new MemcacheSettings(row.capacityMB(), policy)));
    }
}
