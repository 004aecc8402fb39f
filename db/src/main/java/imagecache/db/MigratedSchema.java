package imagecache.db;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import javax.sql.DataSource;

/**
 * What each WAR's schema EJB does, which that EJB inherits: migrates its tables at start and, while
 * the database does not answer, again on an EJB timer ({@link RetriedMigration}), and says whether
 * the database can be used. The WAR's subclass is the {@code @Singleton @Startup} with its own
 * {@code @DataSourceDefinition}: those name the WAR's datasource, so they stay with the WAR.
 */
public abstract class MigratedSchema {

    @Resource
    TimerService timers;

    private final RetriedMigration migration;

    /** See {@link RetriedMigration#RetriedMigration} for the parameters. */
    protected MigratedSchema(String location, String historyTable, String tables) {
        migration = new RetriedMigration(getClass().getClassLoader(), location, historyTable, tables);
    }

    /** The WAR's datasource, whose tables this migrates. */
    protected abstract DataSource dataSource();

    /** Whether the tables are up to date, so that the database can be used. */
    @Lock(LockType.READ)
    public boolean isMigrated() {
        return migration.isMigrated();
    }

    /** Why the database cannot be used yet (meaningful while {@link #isMigrated()} is false). */
    @Lock(LockType.READ)
    public String lastFailure() {
        return migration.lastFailure();
    }

    @PostConstruct
    protected void start() {
        migrateOrRetryLater();
    }

    @Timeout
    protected void retry() {
        migrateOrRetryLater();
    }

    private void migrateOrRetryLater() {
        migration.migrateOrRetryLater(
                dataSource(), delayMillis -> timers.createSingleActionTimer(delayMillis, new TimerConfig(null, false)));
    }
}
