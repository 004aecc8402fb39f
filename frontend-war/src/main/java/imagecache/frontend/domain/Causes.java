package imagecache.frontend.domain;

import imagecache.db.Failures;
import java.util.stream.Stream;

/** A failure's chain of causes, as the front end reads it (walked by the shared {@link Failures}). */
public final class Causes {

    private Causes() {}

    /** The failure, then its cause, and so on to the innermost (a cause that is its own ends the chain). */
    public static Stream<Throwable> chain(Throwable failure) {
        return Failures.chain(failure);
    }

    /** What to tell a user about a failure from deep down: the message of its innermost cause. */
    public static String rootMessage(Throwable failure) {
        return Failures.rootMessage(failure);
    }
}
