package imagecache.db;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * What each WAR's database bean does, which that bean inherits: its persistence unit, created on
 * first use instead of at deployment, so that the WAR deploys while its database is down ({@link
 * LazyPersistenceUnit} says how). The WAR's subclass is an {@code @ApplicationScoped} bean that
 * names its unit and its schema.
 */
public abstract class LazyDatabase {

    @Resource
    TransactionSynchronizationRegistry transactions;

    private final String unitName;
    private final String persistenceXml;
    private LazyPersistenceUnit unit;

    /**
     * @param unitName the persistence unit's name in {@code persistenceXml}
     * @param persistenceXml where the unit is described on the class path; not {@code persistence.xml},
     *     so that the container does not deploy it too
     */
    protected LazyDatabase(String unitName, String persistenceXml) {
        this.unitName = unitName;
        this.persistenceXml = persistenceXml;
    }

    /** The WAR's schema, which must be migrated before the unit is used. */
    protected abstract MigratedSchema schema();

    @PostConstruct
    protected void open() {
        MigratedSchema schema = schema();
        unit = new LazyPersistenceUnit(unitName, persistenceXml, transactions, schema::isMigrated, schema::lastFailure);
    }

    /** The EntityManager of the current JTA transaction (callers are {@code @Transactional}). */
    public EntityManager entityManager() {
        return unit.entityManager();
    }

    @PreDestroy
    protected void close() {
        unit.close();
    }
}
