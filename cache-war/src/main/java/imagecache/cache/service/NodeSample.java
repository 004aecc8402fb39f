package imagecache.cache.service;

import java.time.Instant;

/**
 * One node's statistics sample, as stored: its state at {@code at} and its traffic in the 5 seconds
 * before. A pool's history is its nodes' samples; summing them is the reader's job.
 */
public record NodeSample(String node, Instant at, int items, long bytes, long requests, long hits, long misses) {

    public double hitRate() {
        return requests == 0 ? 0.0 : (double) hits / requests;
    }

    public double missRate() {
        return requests == 0 ? 0.0 : (double) misses / requests;
    }
}
