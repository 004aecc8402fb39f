package imagecache.frontend.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Instants in the DATETIME columns the front end's native queries write and read: stored as UTC
 * without a zone, read back as the driver gives them (MySQL's a Timestamp, H2's a LocalDateTime).
 */
final class UtcDateTimes {

    private UtcDateTimes() {}

    static LocalDateTime column(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A DATETIME read back as the UTC instant it was written as; {@code column} names it in an error. */
    static Instant instant(Object value, String column) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalStateException(column + " read as " + value.getClass().getName());
    }
}
