package imagecache.frontend.domain;

/** What to tell a user about a failure from deep down: the message of its innermost cause. */
public final class Causes {

    private Causes() {}

    public static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
