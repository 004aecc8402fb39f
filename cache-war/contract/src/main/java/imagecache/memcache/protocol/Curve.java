package imagecache.memcache.protocol;

import java.util.List;

/**
 * LRU's estimated hit rate at 1/4, 1/2, 1, 2, 4 and 8 times the capacity, from {@code reads} reads
 * since the memcache started or was cleared, of which {@code sampledReads} were of sampled keys
 * (sampled at {@code samplingRate}); no points when the curve is off.
 */
public record Curve(double samplingRate, long reads, long sampledReads, List<CurvePoint> points) {

    public static final Curve NONE = new Curve(0, 0, 0, List.of());

    /** One capacity in bytes and the hit rate LRU would have there, 0 to 1. */
    public record CurvePoint(long capacityBytes, double hitRate) {}
}
