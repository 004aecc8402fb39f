package imagecache.frontend.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import jakarta.transaction.TransactionalException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    @Test
    void databaseFailuresAreFoundUnderTheContainersWrapping() {
        assertTrue(DatabaseFailures.isDatabaseFailure(new EJBException(new PersistenceException("no connection"))));
        assertTrue(DatabaseFailures.isDatabaseFailure(
                new TransactionalException("rolled back", new RuntimeException("x"))));
        assertTrue(DatabaseFailures.isDatabaseFailure(
                new RuntimeException(new SQLNonTransientConnectionException("Connection refused"))));
    }

    @Test
    void aFailureAlreadyDescribedOrABugIsNotADatabaseOutage() {
        ImageCacheException described = new ImageCacheException(
                Reason.NOT_FOUND, "No image for key 'k'", new PersistenceException("underneath"));
        assertFalse(DatabaseFailures.isDatabaseFailure(new EJBException(described)));
        assertFalse(DatabaseFailures.isDatabaseFailure(new IllegalStateException("bug")));
    }

    @Test
    void callTurnsADatabaseFailureInto503WithItsInnermostMessage() {
        ImageCacheException failure = assertThrows(
                ImageCacheException.class,
                () -> DatabaseFailures.call(() -> {
                    throw new PersistenceException(
                            "wrapped", new SQLNonTransientConnectionException("Connection refused"));
                }));
        assertEquals(Reason.DATABASE_UNAVAILABLE, failure.reason());
        assertEquals("Database unavailable: Connection refused", failure.getMessage());
        IllegalStateException bug = new IllegalStateException("bug");
        assertSame(
                bug,
                assertThrows(
                        IllegalStateException.class,
                        () -> DatabaseFailures.call(() -> {
                            throw bug;
                        })));
    }

    @Test
    void deadlocksLockWaitsAndRowsInsertedMeanwhileAreConflictsToTryAgain() {
        // MariaDB/MySQL: deadlock 1213 (40001), lock wait timeout 1205 (HY000), duplicate key 1062 (23000)
        assertTrue(DatabaseFailures.isConflict(
                new PersistenceException(new SQLTransactionRollbackException("Deadlock found", "40001", 1213))));
        assertTrue(DatabaseFailures.isConflict(
                new TransactionalException("commit", new SQLException("Lock wait timeout exceeded", "HY000", 1205))));
        assertTrue(DatabaseFailures.isConflict(new PersistenceException(
                new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062))));
        // H2: lock timeout, duplicate key
        assertTrue(DatabaseFailures.isConflict(new SQLException("Timeout trying to lock table", "HYT00", 50200)));
        assertTrue(DatabaseFailures.isConflict(new SQLException("Unique index violation", "23505", 23505)));
        assertTrue(DatabaseFailures.isConflict(new PessimisticLockException("locked")));
        // wrapped as a 503 by call(), still a conflict underneath
        assertTrue(DatabaseFailures.isConflict(new ImageCacheException(
                Reason.DATABASE_UNAVAILABLE, "x", new SQLTransactionRollbackException("Deadlock", "40001", 1213))));
    }

    @Test
    void anOutageOrABugIsNoConflict() {
        assertFalse(DatabaseFailures.isConflict(
                new PersistenceException(new SQLNonTransientConnectionException("Connection refused", "08001"))));
        assertFalse(DatabaseFailures.isConflict(new IllegalStateException("bug")));
        assertFalse(DatabaseFailures.isConflict(ImageCacheException.invalid("Missing key")));
    }
}
