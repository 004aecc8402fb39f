package imagecache.cache.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

    @Test
    void databaseFailuresAreFoundUnderTheContainersWrapping() {
        assertTrue(ErrorMapper.isDatabaseFailure(
                new EJBException(new PersistenceException("Database unavailable (retrying)"))));
        assertTrue(ErrorMapper.isDatabaseFailure(
                new EJBException(new RuntimeException(new SQLTransientConnectionException("refused")))));
        assertTrue(ErrorMapper.isDatabaseFailure(new RollbackException("rolled back")));
    }

    @Test
    void aBugIsNotAnOutage() {
        assertFalse(ErrorMapper.isDatabaseFailure(new NullPointerException()));
        assertFalse(ErrorMapper.isDatabaseFailure(new EJBException(new IllegalStateException("bug"))));
    }
}
