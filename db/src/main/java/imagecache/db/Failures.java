package imagecache.db;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.stream.Stream;

/** How failures read: a failure's chain of causes, its innermost message, and whether the database failed. */
public final class Failures {

    private Failures() {}

    /** The failure, then its cause, and so on to the innermost (a cause that is its own ends the chain). */
    public static Stream<Throwable> chain(Throwable failure) {
        return Stream.iterate(
                failure, cause -> cause != null, cause -> cause.getCause() == cause ? null : cause.getCause());
    }

    /** The message of the innermost cause, or its type when it has none. */
    public static String rootMessage(Throwable failure) {
        Throwable root = chain(failure).reduce((outer, inner) -> inner).orElseThrow();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Whether a database (connection, SQL, transaction) failure lies anywhere in the cause chain. */
    public static boolean isDatabaseFailure(Throwable failure) {
        return chain(failure).anyMatch(Failures::isDatabaseCause);
    }

    /** Whether this one link of a chain is a failure of the database, not of the caller. */
    public static boolean isDatabaseCause(Throwable cause) {
        // the JTA exceptions (rollback, heuristic outcomes, TransactionalException) share only their package
        return cause instanceof SQLException
                || cause instanceof PersistenceException
                || cause.getClass().getName().startsWith("jakarta.transaction.");
    }
}
