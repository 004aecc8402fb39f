package imagecache.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionalException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void databaseFailuresAreFoundUnderTheContainersWrapping() {
        assertTrue(Failures.isDatabaseFailure(
                new EJBException(new PersistenceException("Database unavailable (retrying)"))));
        assertTrue(Failures.isDatabaseFailure(
                new EJBException(new RuntimeException(new SQLTransientConnectionException("refused")))));
        assertTrue(Failures.isDatabaseFailure(new RollbackException("rolled back")));
        assertTrue(Failures.isDatabaseFailure(new TransactionalException("rolled back", new RuntimeException("x"))));
    }

    @Test
    void aBugIsNotAnOutage() {
        assertFalse(Failures.isDatabaseFailure(new NullPointerException()));
        assertFalse(Failures.isDatabaseFailure(new EJBException(new IllegalStateException("bug"))));
    }

    @Test
    void aDatabaseCauseIsJudgedAloneWithoutItsChain() {
        assertTrue(Failures.isDatabaseCause(new SQLTransientConnectionException("refused")));
        assertFalse(Failures.isDatabaseCause(new RuntimeException(new SQLTransientConnectionException("refused"))));
    }

    @Test
    void theChainRunsFromTheFailureToItsInnermostCause() {
        SQLTransientConnectionException inner = new SQLTransientConnectionException("refused");
        RuntimeException middle = new RuntimeException("outer", inner);
        EJBException outer = new EJBException(middle);
        assertEquals(List.of(outer, middle, inner), Failures.chain(outer).toList());
    }

    @Test
    void theInnermostMessageIsTold() {
        assertEquals(
                "refused",
                Failures.rootMessage(new EJBException(
                        new RuntimeException("outer", new SQLTransientConnectionException("refused")))));
        assertEquals("NullPointerException", Failures.rootMessage(new RuntimeException(new NullPointerException())));
    }
}
