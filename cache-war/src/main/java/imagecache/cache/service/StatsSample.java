package imagecache.cache.service;

import java.time.Instant;

/** One point of the statistics history: the state at {@code at} and the traffic of the interval before it. */
public record StatsSample(Instant at, int items, long bytes, long requests, long hits, long misses) {

    public double hitRate() {
        return requests == 0 ? 0.0 : (double) hits / requests;
    }

    public double missRate() {
        return requests == 0 ? 0.0 : (double) misses / requests;
    }
}
