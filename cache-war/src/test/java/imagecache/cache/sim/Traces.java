package imagecache.cache.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The generated traces, each from a fixed seed so that every run replays the same reads: Zipf
 * popularity at three skews, the same with regular scans, and a working set that changes halfway;
 * each once with equal sizes and once with sizes that vary by key.
 */
final class Traces {

    static final int KEYS = 10_000;
    static final int DEFAULT_READS = 1_000_000;
    static final int SCAN_EVERY = 50_000;
    static final int EQUAL_SIZE = 100 * 1024;
    static final int MIN_SIZE = 10 * 1024;
    static final int MAX_SIZE = 2 * 1024 * 1024;
    /**
     * Varied sizes take one of this many values, geometrically spaced: the replay shares one array per
     * size, and 10,000 distinct sizes averaging ~380 KiB would need gigabytes of heap.
     */
    static final int SIZE_STEPS = 128;

    private static final long SIZES_SEED = 7;

    /** How the sizes of the keys are chosen. */
    enum Sizes {
        /** Every key {@value #EQUAL_SIZE} bytes: the case where OPT is exact. */
        EQUAL("100 KiB"),
        /** Sizes log-uniform between {@value #MIN_SIZE} and {@value #MAX_SIZE} bytes, per key. */
        VARIED("10 KiB-2 MiB");

        private final String label;

        Sizes(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        String sentence() {
            return this == EQUAL
                    ? "every key 100 KiB"
                    : "key sizes log-uniform from 10 KiB to 2 MiB (" + SIZE_STEPS + " steps, fixed seed)";
        }
    }

    private Traces() {}

    /** Every generated trace, equal sizes first, each of {@code reads} reads over {@code keys} keys. */
    static List<Trace> all(int reads, int keys) {
        List<Trace> traces = new ArrayList<>();
        for (Sizes sizes : Sizes.values()) {
            traces.add(zipf(0.6, keys, reads, sizes, 1));
            traces.add(zipf(0.8, keys, reads, sizes, 2));
            traces.add(zipf(1.0, keys, reads, sizes, 3));
            traces.add(zipfWithScans(0.8, keys, reads, SCAN_EVERY, sizes, 4));
            traces.add(shifting(0.8, keys, reads, sizes, 5));
        }
        return traces;
    }

    /** The name of the trace that the targets are about. */
    static String targetName() {
        return scanName(0.8, Sizes.EQUAL);
    }

    static Trace zipf(double skew, int keys, int reads, Sizes sizes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Zipf zipf = new Zipf(keys, skew);
        int[] keyOfRank = shuffled(keys, random);
        int[] trace = new int[reads];
        for (int i = 0; i < reads; i++) {
            trace[i] = keyOfRank[zipf.nextRank(random)];
        }
        String description = String.format(
                Locale.ROOT,
                "%,d reads, Zipf skew %.1f over %,d keys (popularity order shuffled), %s.",
                reads,
                skew,
                keys,
                sizes.sentence());
        return new Trace(
                String.format(Locale.ROOT, "zipf-%.1f, %s", skew, sizes.label()),
                description,
                names(keys),
                sizes(keys, sizes),
                trace);
    }

    /**
     * Zipf reads with, after every {@code scanEvery} of them, a scan: every key once, in key order. A
     * crawler (a search engine, a backup, a thumbnail rebuild) reads the same images as the users, so
     * the scan is over the same keys rather than over new ones: a cache gains by keeping the popular
     * keys through it, and the scan itself hits whatever is cached.
     */
    static Trace zipfWithScans(double skew, int keys, int reads, int scanEvery, Sizes sizes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Zipf zipf = new Zipf(keys, skew);
        int[] keyOfRank = shuffled(keys, random);
        int[] trace = new int[reads];
        int i = 0;
        while (i < reads) {
            for (int n = 0; n < scanEvery && i < reads; n++) {
                trace[i++] = keyOfRank[zipf.nextRank(random)];
            }
            for (int key = 0; key < keys && i < reads; key++) {
                trace[i++] = key;
            }
        }
        String description = String.format(
                Locale.ROOT,
                "%,d reads: Zipf skew %.1f over %,d keys, and after every %,d of them a scan of all %,d keys"
                        + " once in key order (a crawler), %s.",
                reads,
                skew,
                keys,
                scanEvery,
                keys,
                sizes.sentence());
        return new Trace(scanName(skew, sizes), description, names(keys), sizes(keys, sizes), trace);
    }

    /**
     * Zipf reads whose popularity order is reshuffled halfway: the same keys, but what was hot is now
     * as likely as any to be cold (news moving on), so a policy must forget what it learnt.
     */
    static Trace shifting(double skew, int keys, int reads, Sizes sizes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Zipf zipf = new Zipf(keys, skew);
        int[] keyOfRank = shuffled(keys, random);
        int[] trace = new int[reads];
        for (int i = 0; i < reads; i++) {
            if (i == reads / 2) {
                keyOfRank = shuffled(keys, random);
            }
            trace[i] = keyOfRank[zipf.nextRank(random)];
        }
        String description = String.format(
                Locale.ROOT,
                "%,d reads, Zipf skew %.1f over %,d keys, the popularity order reshuffled after half of them"
                        + " (a working set that shifts), %s.",
                reads,
                skew,
                keys,
                sizes.sentence());
        return new Trace(
                String.format(Locale.ROOT, "shift-%.1f, %s", skew, sizes.label()),
                description,
                names(keys),
                sizes(keys, sizes),
                trace);
    }

    private static String scanName(double skew, Sizes sizes) {
        return String.format(Locale.ROOT, "zipf-%.1f+scan, %s", skew, sizes.label());
    }

    static String[] names(int keys) {
        String[] names = new String[keys];
        for (int key = 0; key < keys; key++) {
            names[key] = "img-" + key;
        }
        return names;
    }

    static int[] sizes(int keys, Sizes sizes) {
        int[] result = new int[keys];
        if (sizes == Sizes.EQUAL) {
            Arrays.fill(result, EQUAL_SIZE);
            return result;
        }
        SplittableRandom random = new SplittableRandom(SIZES_SEED);
        double ratio = (double) MAX_SIZE / MIN_SIZE;
        for (int key = 0; key < keys; key++) {
            int step = random.nextInt(SIZE_STEPS);
            result[key] = (int) Math.round(MIN_SIZE * Math.pow(ratio, step / (double) (SIZE_STEPS - 1)));
        }
        return result;
    }

    /** 0 to n - 1 in an order drawn from {@code random}. */
    private static int[] shuffled(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
