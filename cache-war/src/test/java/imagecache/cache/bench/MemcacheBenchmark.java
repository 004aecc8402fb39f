package imagecache.cache.bench;

import imagecache.cache.HitRateCurve;
import imagecache.cache.Memcache;
import imagecache.cache.MemcacheLookup;
import imagecache.cache.ReplacementPolicy;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memcache core alone: reads that hit, and writes that evict, under each policy, with one and
 * two threads. 1,000 keys of 100 KiB values (shared arrays, so the numbers are the bookkeeping's).
 * {@code get_hit_curve_*} are the hits as the cache WAR serves them, each also recorded by the
 * hit-rate curve sampling every key (its default for up to 16,384 keys).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class MemcacheBenchmark {

    private static final int KEYS = 1_000;
    private static final byte[] VALUE = new byte[100 * 1024];

    @Param({"LRU", "RANDOM", "TINYLFU"})
    public ReplacementPolicy policy;

    private Memcache full;
    private HitRateCurve curve;
    private Memcache evicting;
    private String[] keys;

    @Setup
    public void fill() {
        keys = new String[KEYS * 2];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "key-" + i;
        }
        full = new Memcache((long) KEYS * VALUE.length, policy);
        curve = new HitRateCurve(1.0);
        // holds half the keys: every put of a random key evicts about half the time
        evicting = new Memcache((long) KEYS * VALUE.length, policy);
        for (int i = 0; i < KEYS; i++) {
            full.put(keys[i], VALUE, "sha256");
            evicting.put(keys[i], VALUE, "sha256");
        }
    }

    @Benchmark
    @Threads(1)
    public MemcacheLookup get_hit_1thread() {
        return full.get(keys[ThreadLocalRandom.current().nextInt(KEYS)]);
    }

    @Benchmark
    @Threads(2)
    public MemcacheLookup get_hit_2threads() {
        return full.get(keys[ThreadLocalRandom.current().nextInt(KEYS)]);
    }

    @Benchmark
    @Threads(1)
    public MemcacheLookup get_hit_curve_1thread() {
        return sampledGet();
    }

    @Benchmark
    @Threads(2)
    public MemcacheLookup get_hit_curve_2threads() {
        return sampledGet();
    }

    private MemcacheLookup sampledGet() {
        String key = keys[ThreadLocalRandom.current().nextInt(KEYS)];
        MemcacheLookup lookup = full.get(key);
        curve.record(key, lookup.isHit() ? lookup.value().length : HitRateCurve.UNKNOWN_SIZE);
        return lookup;
    }

    @Benchmark
    @Threads(1)
    public boolean put_evict_1thread() {
        return evicting.put(keys[ThreadLocalRandom.current().nextInt(keys.length)], VALUE, "sha256");
    }

    @Benchmark
    @Threads(2)
    public boolean put_evict_2threads() {
        return evicting.put(keys[ThreadLocalRandom.current().nextInt(keys.length)], VALUE, "sha256");
    }
}
