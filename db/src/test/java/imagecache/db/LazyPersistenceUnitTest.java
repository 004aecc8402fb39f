package imagecache.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class LazyPersistenceUnitTest {

    @Test
    void beforeTheSchemaIsMigratedEachUseFailsNamingWhyWithoutLoggingIn() {
        LazyPersistenceUnit unit = new LazyPersistenceUnit(
                "nowhere",
                "META-INF/no-such-persistence.xml",
                noTransactionResources(),
                () -> false,
                () -> "Connection refused");
        PersistenceException failure = assertThrows(PersistenceException.class, unit::entityManager);
        assertEquals("Connection refused (retrying)", failure.getMessage());
        assertTrue(Failures.isDatabaseFailure(failure), "read as the database's failure");
        unit.close(); // nothing was made, nothing to close
    }

    /** A registry of a transaction that holds no resources yet; anything else it is asked fails the test. */
    private static TransactionSynchronizationRegistry noTransactionResources() {
        return (TransactionSynchronizationRegistry) Proxy.newProxyInstance(
                TransactionSynchronizationRegistry.class.getClassLoader(),
                new Class<?>[] {TransactionSynchronizationRegistry.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getResource")) {
                        return null;
                    }
                    throw new AssertionError("unexpected " + method.getName());
                });
    }
}
