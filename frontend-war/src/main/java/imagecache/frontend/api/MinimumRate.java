package imagecache.frontend.api;

/**
 * The rule that ends a trickling upload: over each window of time, at least {@code bytesPerSecond}
 * on average must arrive. A client may pause within a window as long as it catches up before the
 * window ends. Times are passed in (nanoseconds from any origin), so the rule is tested without waiting.
 */
final class MinimumRate {

    private final long bytesPerSecond;
    private final long windowNanos;
    private long windowStart;
    private long windowBytes;

    MinimumRate(long bytesPerSecond, long windowNanos, long startNanos) {
        this.bytesPerSecond = bytesPerSecond;
        this.windowNanos = windowNanos;
        this.windowStart = startNanos;
    }

    /**
     * Counts {@code bytes} that arrived at {@code nowNanos}.
     *
     * @return null while the rate holds; when a window ends below it, what arrived in it, as a message
     */
    String record(long bytes, long nowNanos) {
        windowBytes += bytes;
        long elapsed = nowNanos - windowStart;
        if (elapsed < windowNanos) {
            return null;
        }
        if (windowBytes * 1_000_000_000L / elapsed < bytesPerSecond) {
            return windowBytes + " bytes in the last " + Math.round(elapsed / 1e9) + " s";
        }
        windowStart = nowNanos;
        windowBytes = 0;
        return null;
    }
}
