package imagecache.frontend.store;

import imagecache.frontend.domain.Causes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Defines the front end's datasource and brings its tables up to date at start with the
 * migrations of {@code db/frontend}. The front end keeps its own history table, so the two WARs
 * migrate their own tables independently even when they share a database.
 *
 * <p>A database that does not answer at start does not stop the deployment: the server comes up,
 * answers 503 for what needs the database and is not ready, and the migration is tried again with
 * back-off (0.5 s doubling up to 10 s) until the database answers. So after a power cut the order
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
public class SchemaMigration {

    public static final String DATASOURCE = "java:app/jdbc/images";
    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    static final long FIRST_RETRY_MILLIS = 500;
    static final long MAX_RETRY_MILLIS = 10_000;

    @Resource(lookup = DATASOURCE)
    DataSource dataSource;

    @Resource
    TimerService timers;

    private volatile boolean migrated;
    private volatile String lastFailure = "not tried yet";
    private long nextRetryMillis = FIRST_RETRY_MILLIS;

    /** Whether the tables are up to date, so that the database can be used. */
    @Lock(LockType.READ)
    public boolean isMigrated() {
        return migrated;
    }

    /** Why the database cannot be used yet (meaningful while {@link #isMigrated()} is false). */
    @Lock(LockType.READ)
    public String lastFailure() {
        return lastFailure;
    }

    @PostConstruct
    void start() {
        migrateOrRetryLater();
    }

    @Timeout
    void retry() {
        migrateOrRetryLater();
    }

    private void migrateOrRetryLater() {
        try {
            migrate();
            migrated = true;
        } catch (RuntimeException e) {
            lastFailure = Causes.rootMessage(e);
            LOG.warning("Database not ready, schema migration retried in " + nextRetryMillis + " ms: " + lastFailure);
            timers.createSingleActionTimer(nextRetryMillis, new TimerConfig(null, false));
            nextRetryMillis = Math.min(2 * nextRetryMillis, MAX_RETRY_MILLIS);
        }
    }

    private void migrate() {
        Flyway flyway = Flyway.configure(getClass().getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/frontend")
                .table("schema_history_frontend")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        int applied = flyway.migrate().migrationsExecuted;
        LOG.info(() -> "Image table at version " + flyway.info().current().getVersion() + " (" + applied
                + " migrations applied now)");
    }
}
