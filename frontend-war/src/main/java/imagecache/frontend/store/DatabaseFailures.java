package imagecache.frontend.store;

import imagecache.db.Failures;
import imagecache.frontend.domain.Causes;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import jakarta.persistence.EntityExistsException;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import java.sql.SQLException;
import java.util.function.Supplier;

/** Turns a failure of the database (connection, SQL, transaction) into {@link Reason#DATABASE_UNAVAILABLE}. */
public final class DatabaseFailures {

    private DatabaseFailures() {}

    /** Runs a database call; a database failure becomes a 503 that names the database. */
    public static <T> T call(Supplier<T> databaseCall) {
        try {
            return databaseCall.get();
        } catch (RuntimeException e) {
            if (isDatabaseFailure(e)) {
                throw new ImageCacheException(
                        Reason.DATABASE_UNAVAILABLE, "Database unavailable: " + Causes.rootMessage(e), e);
            }
            throw e;
        }
    }

    /**
     * Whether the database refused a write because another writer got there first: it ended a
     * deadlock or a lock wait (SQLState class 40, MySQL error 1205, H2's HYT00) or the row was
     * inserted meanwhile (class 23). Such a write is tried again.
     */
    public static boolean isConflict(Throwable failure) {
        return Causes.chain(failure)
                .anyMatch(cause -> cause instanceof PessimisticLockException
                        || cause instanceof LockTimeoutException
                        || cause instanceof EntityExistsException
                        || cause instanceof SQLException sql && isConflictState(sql));
    }

    private static boolean isConflictState(SQLException failure) {
        String state = failure.getSQLState();
        return state != null && (state.startsWith("40") || state.startsWith("23") || state.equals("HYT00"))
                || failure.getErrorCode() == 1205;
    }

    /** Whether a database failure lies in the chain, above any failure this application already described. */
    static boolean isDatabaseFailure(Throwable failure) {
        return Causes.chain(failure)
                .takeWhile(cause -> !(cause instanceof ImageCacheException))
                .anyMatch(Failures::isDatabaseCause);
    }
}
