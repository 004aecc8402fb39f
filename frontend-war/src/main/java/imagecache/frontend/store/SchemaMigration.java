package imagecache.frontend.store;

import imagecache.db.MigratedSchema;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * Defines the front end's datasource and brings its tables up to date at start with the
 * migrations of {@code db/frontend}, in its own history table.
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
        // writers lock the rows they change (ImageWrites); with the MySQL default (repeatable read)
        // a lock on a key with no row yet also locks the gap around it, and first uploads of
        // neighbouring keys then deadlock each other
        isolationLevel = Connection.TRANSACTION_READ_COMMITTED,
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

    public static final String DATASOURCE = "java:app/jdbc/images";

    @Resource(lookup = DATASOURCE)
    DataSource dataSource;

    public SchemaMigration() {
        super("db/frontend", "schema_history_frontend", "image tables");
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
