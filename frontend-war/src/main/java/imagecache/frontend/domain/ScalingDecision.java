package imagecache.frontend.domain;

import java.time.Instant;

/**
 * One decision of the auto-scaler, also one to change nothing: when, from how many cache nodes to
 * how many, what it went by (the reads of the last minute and their miss rate), and why.
 */
public record ScalingDecision(Instant at, int from, int to, long requests, double missRate, String reason) {}
