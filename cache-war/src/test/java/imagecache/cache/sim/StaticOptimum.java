package imagecache.cache.sim;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * A fixed set of the keys read most over the whole trace, each missed once when first read: what a
 * perfect frequency count gets without knowing the order of the reads. On independent Zipf reads no
 * policy that does not see the future does better on average, so it tells how much of the gap
 * between an online policy and OPT any online policy must leave. With equal sizes this is the top
 * keys by count; with varied sizes keys are taken by count per byte while they fit.
 */
final class StaticOptimum {

    private StaticOptimum() {}

    static Result run(Trace trace, long capacityBytes) {
        long[] counts = new long[trace.keys()];
        long bytesRead = 0;
        for (int i = 0; i < trace.length(); i++) {
            counts[trace.read(i)]++;
            bytesRead += trace.size(trace.read(i));
        }
        Integer[] byDensity = IntStream.range(0, trace.keys())
                .filter(key -> counts[key] > 1)
                .boxed()
                .toArray(Integer[]::new);
        Arrays.sort(byDensity, Comparator.comparingDouble(key -> -counts[key] / Math.max(1.0, trace.size(key))));
        long used = 0;
        long hits = 0;
        long bytesHit = 0;
        for (int key : byDensity) {
            if (used + trace.size(key) <= capacityBytes) {
                used += trace.size(key);
                hits += counts[key] - 1;
                bytesHit += (counts[key] - 1) * trace.size(key);
            }
        }
        return new Result(trace.length(), hits, bytesRead, bytesHit);
    }
}
