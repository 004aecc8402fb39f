package imagecache.frontend.store;

import imagecache.db.LazyPersistenceUnit;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * The persistence unit of the image tables ({@code META-INF/images-persistence.xml}), created on
 * first use instead of at deployment, so that the WAR deploys while its database is down ({@link LazyPersistenceUnit} says how).
 */
@ApplicationScoped
public class ImageDatabase {

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    SchemaMigration schema;

    private LazyPersistenceUnit unit;

    @PostConstruct
    void init() {
        unit = new LazyPersistenceUnit(
                "images", "META-INF/images-persistence.xml", transactions, schema::isMigrated, schema::lastFailure);
    }

    /** The EntityManager of the current JTA transaction (callers are {@code @Transactional}). */
    public EntityManager entityManager() {
        return unit.entityManager();
    }

    @PreDestroy
    void close() {
        unit.close();
    }
}
