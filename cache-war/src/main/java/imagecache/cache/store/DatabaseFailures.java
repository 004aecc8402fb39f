package imagecache.cache.store;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.stream.Stream;

/** How failures of the database read: whether one lies in a cause chain, and its innermost message. */
public final class DatabaseFailures {

    private DatabaseFailures() {}

    /** Whether a database (connection, SQL, transaction) failure lies anywhere in the cause chain. */
    public static boolean isDatabaseFailure(Throwable failure) {
        return chain(failure)
                .anyMatch(cause -> cause instanceof SQLException
                        || cause instanceof PersistenceException
                        || cause.getClass().getName().startsWith("jakarta.transaction."));
    }

    /** The message of the innermost cause, or its type when it has none. */
    public static String rootMessage(Throwable failure) {
        Throwable root = chain(failure).reduce((outer, inner) -> inner).orElseThrow();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static Stream<Throwable> chain(Throwable failure) {
        return Stream.iterate(
                failure, cause -> cause != null, cause -> cause.getCause() == cause ? null : cause.getCause());
    }
}
