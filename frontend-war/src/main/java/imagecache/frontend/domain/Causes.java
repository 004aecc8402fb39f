package imagecache.frontend.domain;

import java.util.stream.Stream;

/** A failure's chain of causes: the one place that walks it. */
public final class Causes {

    private Causes() {}

    /** The failure, then its cause, and so on to the innermost (a cause that is its own ends the chain). */
    public static Stream<Throwable> chain(Throwable failure) {
        return Stream.iterate(
                failure, cause -> cause != null, cause -> cause.getCause() == cause ? null : cause.getCause());
    }

    /** What to tell a user about a failure from deep down: the message of its innermost cause. */
    public static String rootMessage(Throwable failure) {
        Throwable root = chain(failure).reduce((outer, inner) -> inner).orElseThrow();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
