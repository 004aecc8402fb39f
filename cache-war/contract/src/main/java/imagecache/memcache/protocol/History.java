package imagecache.memcache.protocol;

import java.util.List;

/**
 * The statistics samples of the last 10 minutes, oldest first, as every node of the pool stored
 * them in the shared database (one node's without a pool); the caller sums them.
 */
public record History(List<Sample> samples) {

    /** How often each node samples: the pool's history is summed per interval of this length. */
    public static final long SAMPLE_SECONDS = 5;

    /** What a node held at {@code at} (ISO-8601, UTC) and its traffic in the interval before. */
    public record Sample(String node, String at, int items, long bytes, long requests, long hits, long misses) {}
}
