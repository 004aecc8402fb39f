package imagecache.frontend.store;

import imagecache.frontend.domain.Causes;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
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

    /** Whether a database failure lies in the chain, above any failure this application already described. */
    static boolean isDatabaseFailure(Throwable failure) {
        return Causes.chain(failure)
                .takeWhile(cause -> !(cause instanceof ImageCacheException))
                .anyMatch(cause -> cause instanceof SQLException
                        || cause instanceof PersistenceException
                        || cause instanceof TransactionalException
                        || cause.getClass().getName().startsWith("jakarta.transaction."));
    }
}
