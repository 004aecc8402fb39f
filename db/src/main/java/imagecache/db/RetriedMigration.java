package imagecache.db;

import java.util.function.LongConsumer;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings one WAR's tables up to date with its Flyway migrations, and when the database does not
 * answer says when to try again: after 0.5 s, doubling up to 10 s, until it answers. Each WAR keeps
 * its own history table, so the two migrate their own tables independently even in one database.
 *
 * <p>The caller schedules the next try (an EJB timer) and must not call two tries at once.
 */
public final class RetriedMigration {

    static final long FIRST_RETRY_MILLIS = 500;
    static final long MAX_RETRY_MILLIS = 10_000;

    private static final Logger LOG = Logger.getLogger(RetriedMigration.class.getName());

    private final ClassLoader classLoader;
    private final String location;
    private final String historyTable;
    private final String tables;

    private volatile boolean migrated;
    private volatile String lastFailure = "not tried yet";
    private long nextRetryMillis = FIRST_RETRY_MILLIS;

    /**
     * @param classLoader the WAR's, which finds its migrations
     * @param location the migrations' folder on the class path, e.g. {@code db/cache}
     * @param historyTable Flyway's table of what it applied, one per WAR
     * @param tables what the tables are, for the log, e.g. {@code cache tables}
     */
    public RetriedMigration(ClassLoader classLoader, String location, String historyTable, String tables) {
        this.classLoader = classLoader;
        this.location = location;
        this.historyTable = historyTable;
        this.tables = tables;
    }

    /** Whether the tables are up to date, so that the database can be used. */
    public boolean isMigrated() {
        return migrated;
    }

    /** Why the database cannot be used yet (meaningful while {@link #isMigrated()} is false). */
    public String lastFailure() {
        return lastFailure;
    }

    /** Migrates; when that fails, hands {@code retryLater} the milliseconds to wait before the next try. */
    public void migrateOrRetryLater(DataSource dataSource, LongConsumer retryLater) {
        try {
            migrate(dataSource);
            migrated = true;
        } catch (RuntimeException e) {
            lastFailure = Failures.rootMessage(e);
            LOG.warning("Database not ready, migration of the " + tables + " retried in " + nextRetryMillis + " ms: "
                    + lastFailure);
            long delay = nextRetryMillis;
            nextRetryMillis = Math.min(2 * nextRetryMillis, MAX_RETRY_MILLIS);
            retryLater.accept(delay);
        }
    }

    private void migrate(DataSource dataSource) {
        Flyway flyway = Flyway.configure(classLoader)
                .dataSource(dataSource)
                .locations("classpath:" + location)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        int applied = flyway.migrate().migrationsExecuted;
        LOG.info(() -> "The " + tables + " are at version "
                + flyway.info().current().getVersion() + " (" + applied + " migrations applied now)");
    }
}
