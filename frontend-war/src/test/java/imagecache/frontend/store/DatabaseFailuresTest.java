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
import jakarta.transaction.TransactionalException;
import java.sql.SQLNonTransientConnectionException;
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
}
