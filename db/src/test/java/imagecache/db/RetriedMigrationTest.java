package imagecache.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class RetriedMigrationTest {

    private final JdbcDataSource h2 = new JdbcDataSource();
    private final AtomicBoolean databaseUp = new AtomicBoolean();
    private final List<Long> retries = new ArrayList<>();
    private final RetriedMigration migration = new RetriedMigration(
            RetriedMigrationTest.class.getClassLoader(), "db/test", "schema_history_test", "test tables");

    RetriedMigrationTest() {
        h2.setURL("jdbc:h2:mem:" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void migratesAtOnceWhenTheDatabaseAnswers() throws SQLException {
        databaseUp.set(true);
        migration.migrateOrRetryLater(database(), retries::add);
        assertTrue(migration.isMigrated());
        assertEquals(List.of(), retries);
        assertEquals("hello", greeting());
    }

    @Test
    void triesAgainWithBackOffUntilTheDatabaseAnswers() throws SQLException {
        assertFalse(migration.isMigrated());
        assertEquals("not tried yet", migration.lastFailure());
        for (int attempt = 0; attempt < 7; attempt++) {
            migration.migrateOrRetryLater(database(), retries::add);
        }
        assertFalse(migration.isMigrated());
        assertEquals("Connection refused", migration.lastFailure());
        assertEquals(List.of(500L, 1_000L, 2_000L, 4_000L, 8_000L, 10_000L, 10_000L), retries);

        databaseUp.set(true);
        migration.migrateOrRetryLater(database(), retries::add);
        assertTrue(migration.isMigrated());
        assertEquals(7, retries.size(), "no try after the one that migrated");
        assertEquals("hello", greeting());
    }

    @Test
    void aSecondRunFindsNothingLeftToApply() throws SQLException {
        databaseUp.set(true);
        migration.migrateOrRetryLater(database(), retries::add);
        RetriedMigration afterRestart = new RetriedMigration(
                RetriedMigrationTest.class.getClassLoader(), "db/test", "schema_history_test", "test tables");
        afterRestart.migrateOrRetryLater(database(), retries::add);
        assertTrue(afterRestart.isMigrated());
        assertEquals(List.of(), retries);
        assertEquals("hello", greeting());
    }

    /** The H2 database, refusing connections while {@link #databaseUp} is false. */
    private DataSource database() {
        return (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && !databaseUp.get()) {
                        throw new SQLNonTransientConnectionException("Connection refused", "08001");
                    }
                    try {
                        return method.invoke(h2, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private String greeting() throws SQLException {
        try (Connection connection = h2.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT text FROM greeting WHERE id = 1")) {
            assertTrue(rows.next());
            return rows.getString(1);
        }
    }
}
