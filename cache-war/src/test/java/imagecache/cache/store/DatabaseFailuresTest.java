package imagecache.cache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    @Test
    void databaseFailuresAreFoundUnderTheContainersWrapping() {
        assertTrue(DatabaseFailures.isDatabaseFailure(
                new EJBException(new PersistenceException("Database unavailable (retrying)"))));
        assertTrue(DatabaseFailures.isDatabaseFailure(
                new EJBException(new RuntimeException(new SQLTransientConnectionException("refused")))));
        assertTrue(DatabaseFailures.isDatabaseFailure(new RollbackException("rolled back")));
    }

    @Test
    void aBugIsNotAnOutage() {
        assertFalse(DatabaseFailures.isDatabaseFailure(new NullPointerException()));
        assertFalse(DatabaseFailures.isDatabaseFailure(new EJBException(new IllegalStateException("bug"))));
    }

    @Test
    void theInnermostMessageIsTold() {
        assertEquals(
                "refused",
                DatabaseFailures.rootMessage(new EJBException(
                        new RuntimeException("outer", new SQLTransientConnectionException("refused")))));
        assertEquals(
                "NullPointerException", DatabaseFailures.rootMessage(new RuntimeException(new NullPointerException())));
    }
}
