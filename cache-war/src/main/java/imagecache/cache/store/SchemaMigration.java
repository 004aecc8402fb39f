package imagecache.cache.store;

import imagecache.db.MigratedSchema;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import javax.sql.DataSource;

/**
 * Defines the cache WAR's datasource and brings its tables up to date at start with the
 * migrations of {@code db/cache}, in its own history table.
 *
 * <p>A database that does not answer at start does not stop the deployment: the server comes up,
 * answers 503 for what needs the database and is not ready, and the migration is tried again with
 * back-off ({@link MigratedSchema}) until the database answers. So after a power cut the order
 * in which the machines come back does not matter.
 */
@DataSourceDefinition(
        name = SchemaMigration.DATASOURCE,
        className = "${MPCONFIG=db.class}",
        url = "${MPCONFIG=db.url}",
        user = "${MPCONFIG=db.user}",
        password = "${MPCONFIG=db.password}",
        minPoolSize = 0,
        initialPoolSize = 0,
        maxPoolSize = 16,
        // a connection is checked before use and a failure drops them all, so the pool recovers
        // by itself when the database comes back
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=table",
            "fish.payara.validation-table-name=DUAL",
            "fish.payara.fail-all-connections=true"
        })
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration extends MigratedSchema {

    public static final String DATASOURCE = "java:app/jdbc/memcache";

    @Resource(lookup = DATASOURCE)
    DataSource dataSource;

    public SchemaMigration() {
        super("db/cache", "schema_history_cache", "cache tables");
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
