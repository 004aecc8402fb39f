package imagecache.cache.service;

import imagecache.cache.HitRateCurve;
import java.util.List;

/**
 * The hit-rate curve as it stands: the rate it samples keys at, the reads it has counted (all of
 * them, and those of sampled keys) and its points; no points when it is off.
 */
public record CurveNow(double samplingRate, long reads, long sampledReads, List<HitRateCurve.Point> points) {}
