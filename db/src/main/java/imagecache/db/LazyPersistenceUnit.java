package imagecache.db;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A persistence unit created on first use instead of at deployment.
 *
 * <p>A container-managed unit logs in to the database while the WAR is deployed, so a server
 * started while its database is down would not deploy at all. Here the unit is bootstrapped by the
 * application from a persistence.xml of another name (so the container does not deploy it too):
 * until the database answers and the schema is migrated ({@link RetriedMigration} retries that),
 * each use fails with a {@link PersistenceException} naming the cause, which the WARs answer with
 * 503. Within a JTA transaction every caller gets the same EntityManager, joined to it and closed
 * when it ends, as a container-managed {@code @PersistenceContext} would give them.
 */
public final class LazyPersistenceUnit {

    private final String unitName;
    private final Map<String, String> properties;
    private final TransactionSynchronizationRegistry transactions;
    private final BooleanSupplier migrated;
    private final Supplier<String> whyNotMigrated;

    private volatile EntityManagerFactory factory;

    /**
     * @param unitName the persistence unit's name in its file
     * @param persistenceXml where the file is on the class path, e.g. {@code META-INF/images-persistence.xml}
     * @param transactions the container's, to keep one EntityManager per transaction
     * @param migrated whether the schema is migrated, so that the database may be used
     * @param whyNotMigrated why not yet, for the failure's message
     */
    public LazyPersistenceUnit(
            String unitName,
            String persistenceXml,
            TransactionSynchronizationRegistry transactions,
            BooleanSupplier migrated,
            Supplier<String> whyNotMigrated) {
        this.unitName = unitName;
        this.properties = Map.of(
                "eclipselink.persistencexml",
                persistenceXml,
                "eclipselink.target-server",
                "Glassfish",
                "eclipselink.weaving",
                "false",
                "eclipselink.session.customizer",
                FailFastQueries.class.getName());
        this.transactions = transactions;
        this.migrated = migrated;
        this.whyNotMigrated = whyNotMigrated;
    }

    /** The EntityManager of the current JTA transaction (callers are {@code @Transactional}). */
    public EntityManager entityManager() {
        EntityManager em = (EntityManager) transactions.getResource(this);
        if (em == null) {
            EntityManager created = factory().createEntityManager();
            created.joinTransaction();
            transactions.putResource(this, created);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // the provider flushes through its own synchronization
                }

                @Override
                public void afterCompletion(int status) {
                    created.close();
                }
            });
            em = created;
        }
        return em;
    }

    private EntityManagerFactory factory() {
        EntityManagerFactory ready = factory;
        return ready != null ? ready : loggedInFactory();
    }

    private synchronized EntityManagerFactory loggedInFactory() {
        if (!migrated.getAsBoolean()) {
            // only the migration's retries try the database until it answers: one log line each, no login storms
            throw new PersistenceException(whyNotMigrated.get() + " (retrying)");
        }
        if (factory == null) {
            EntityManagerFactory created = Persistence.createEntityManagerFactory(unitName, properties);
            try {
                created.createEntityManager().close(); // logs in; a factory whose login failed is not kept
            } catch (RuntimeException e) {
                created.close();
                throw e;
            }
            factory = created;
        }
        return factory;
    }

    /** Closes the unit's factory if it was made (when the WAR is undeployed). */
    public synchronized void close() {
        if (factory != null) {
            factory.close();
            factory = null;
        }
    }
}
