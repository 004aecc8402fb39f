package imagecache.memcache.protocol;

import java.util.List;

/**
 * The statistics samples of the last minutes (10 unless {@link #MINUTES_PARAMETER} asks for more),
 * oldest first, as every node of the pool stored them in the shared database (one node's without a
 * pool); the caller sums them.
 */
public record History(List<Sample> samples) {

    /** How often each node samples: the pool's history is summed per interval of this length. */
    public static final long SAMPLE_SECONDS = 5;

    /** The query parameter of {@code GET history} that asks for the samples of that many minutes. */
    public static final String MINUTES_PARAMETER = "minutes";
    /** The minutes of samples {@code GET history} answers without {@link #MINUTES_PARAMETER}. */
    public static final int DEFAULT_MINUTES = 10;
    /**
     * The most minutes {@code GET history} answers: samples are kept longer (hours), but an hour of a
     * pool's 5-second samples is already the largest answer a caller should have to read.
     */
    public static final int MOST_MINUTES = 60;

    /** What a node held at {@code at} (ISO-8601, UTC) and its traffic in the interval before. */
    public record Sample(String node, String at, int items, long bytes, long requests, long hits, long misses) {}
}
