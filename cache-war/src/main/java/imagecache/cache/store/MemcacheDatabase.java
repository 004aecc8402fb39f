package imagecache.cache.store;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Map;

/**
 * The persistence unit of the memcache's configuration and statistics tables, created on first use instead of at deployment.
 *
 * <p>A container-managed unit logs in to the database while the WAR is deployed, so a server
 * started while its database is down would not deploy at all. Here the unit is bootstrapped by the
 * application ({@code META-INF/memcache-persistence.xml}, so the container does not deploy it too):
 * until the database answers and the schema is migrated ({@link SchemaMigration} retries that),
 * each use fails with a 503 naming the cause. Within a JTA transaction every caller gets the same
 * EntityManager, joined to it and closed when it ends, as a container-managed
 * {@code @PersistenceContext} would give them.
 */
@ApplicationScoped
public class MemcacheDatabase {

    private static final Map<String, String> UNIT = Map.of(
            "eclipselink.persistencexml", "META-INF/memcache-persistence.xml",
            "eclipselink.target-server", "Glassfish",
            "eclipselink.weaving", "false",
            "eclipselink.session.customizer", FailFastQueries.class.getName());

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    SchemaMigration schema;

    private volatile EntityManagerFactory factory;

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
        if (!schema.isMigrated()) {
            // only the migration's retries try the database until it answers: one log line each, no login storms
            throw new PersistenceException(schema.lastFailure() + " (retrying)");
        }
        if (factory == null) {
            EntityManagerFactory created = Persistence.createEntityManagerFactory("memcache", UNIT);
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

    @PreDestroy
    synchronized void closeFactory() {
        if (factory != null) {
            factory.close();
        }
    }
}
