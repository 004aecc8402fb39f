package imagecache.cache.sim;

import imagecache.cache.HitRateCurve;
import imagecache.cache.ReplacementPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;

/**
 * Replays traces against OPT and the memcache's policies at several capacities and prints hit ratio
 * and byte hit ratio side by side, one Markdown table per trace, then the figures the targets are
 * about. Run by {@code bench/simulate.sh}; {@code --help} lists the options.
 */
public final class Simulator {

    static final double[] DEFAULT_CAPACITIES = {1, 2.5, 5, 10, 20};
    static final double TARGET_CAPACITY = 5;
    static final double TARGET_OF_OPT = 0.95;
    static final double TARGET_POINTS_OVER_LRU = 10;
    static final double TARGET_POINTS_BELOW_LRU = 2;

    private static final List<ReplacementPolicy> POLICIES =
            List.of(ReplacementPolicy.LRU, ReplacementPolicy.RANDOM, ReplacementPolicy.TINYLFU);

    private static final String USAGE = """
            Usage: bench/simulate.sh [--reads N] [--keys N] [--capacities 1,2.5,5] [--only TEXT] [--trace FILE]...
                                     [--curve RATE [--curve-keys N] [--curve-samples N]]

              (no --trace)     replay the generated traces (fixed seeds)
              --trace FILE     replay a recorded trace instead: one read a line, `key size` (bytes),
                               separated by a space or a tab; blank lines and # comments are skipped
              --reads N        reads per trace (default 1,000,000; a file's first N)
              --keys N         keys of the generated traces (default 10,000)
              --capacities L   capacities in % of the bytes of the distinct keys read (default 1,2.5,5,10,20)
              --only TEXT      only the generated traces whose name contains TEXT, e.g. zipf-0.8+scan
              --curve RATE     instead of the policies, the memcache's live hit-rate curve sampled at RATE
                               at most (e.g. 1) against LRU's exact hit ratio, at 1/4 to 8 times 5 % of the keys
              --curve-keys N   the most keys the curve samples, lowering the rate to stay within them
                               (default 16,384, the service's)
              --curve-samples N  also N - 1 other samples of the same reads (the keys renamed), for the
                               spread of the estimate's error (default 1)
            """;

    /** One row of one table: a capacity and what each policy got there. */
    record Row(Trace trace, double percent, long capacityBytes, Result opt, Result[] policies) {

        Result of(ReplacementPolicy policy) {
            return policies[POLICIES.indexOf(policy)];
        }

        double pointsOverLru() {
            return 100
                    * (of(ReplacementPolicy.TINYLFU).hitRatio()
                            - of(ReplacementPolicy.LRU).hitRatio());
        }

        double bytePointsOverLru() {
            return 100
                    * (of(ReplacementPolicy.TINYLFU).byteHitRatio()
                            - of(ReplacementPolicy.LRU).byteHitRatio());
        }

        double ofOpt() {
            return opt.hitRatio() == 0
                    ? Double.NaN
                    : of(ReplacementPolicy.TINYLFU).hitRatio() / opt.hitRatio();
        }
    }

    private final PrintStream out;
    private final double[] capacities;

    Simulator(PrintStream out, double[] capacities) {
        this.out = out;
        this.capacities = capacities.clone();
    }

    public static void main(String[] args) throws IOException {
        int reads = Traces.DEFAULT_READS;
        int keys = Traces.KEYS;
        double[] capacities = DEFAULT_CAPACITIES;
        String only = "";
        List<Path> files = new ArrayList<>();
        double curveRate = 0;
        int curveKeys = HitRateCurve.DEFAULT_MAX_SAMPLED_KEYS;
        int curveSamples = 1;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                System.out.print(USAGE);
                return;
            }
            if (i + 1 == args.length) {
                fail("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--reads" -> reads = parseCount(option, value);
                case "--keys" -> keys = parseCount(option, value);
                case "--capacities" -> capacities = parseCapacities(value);
                case "--only" -> only = value;
                case "--trace" -> files.add(Path.of(value));
                case "--curve" -> curveRate = parseRate(value);
                case "--curve-keys" -> curveKeys = parseCount(option, value);
                case "--curve-samples" -> curveSamples = parseCount(option, value);
                default -> fail("unknown option " + option);
            }
        }
        long started = System.nanoTime();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Simulator simulator = new Simulator(out, capacities);
        if (curveRate > 0) {
            List<Trace> traces = new ArrayList<>();
            for (Path file : files) {
                traces.add(TraceFile.read(file, reads));
            }
            if (files.isEmpty()) {
                for (Trace trace : Traces.all(reads, keys)) {
                    if (trace.name().contains(only)) {
                        traces.add(trace);
                    }
                }
            }
            simulator.curveHeader(curveRate, curveKeys, curveSamples);
            for (Trace trace : traces) {
                simulator.curveTable(trace, curveRate, curveKeys, curveSamples);
            }
            System.err.printf(Locale.ROOT, "simulated in %.0f s%n", (System.nanoTime() - started) / 1e9);
            return;
        }
        simulator.header();
        List<Row> rows = new ArrayList<>();
        if (files.isEmpty()) {
            for (Trace trace : Traces.all(reads, keys)) {
                if (trace.name().contains(only)) {
                    rows.addAll(simulator.table(trace));
                }
            }
            simulator.targets(rows);
        } else {
            for (Path file : files) {
                simulator.table(TraceFile.read(file, reads));
            }
        }
        System.err.printf(Locale.ROOT, "simulated in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    void header() {
        out.println("# Trace simulator: hit ratio and byte hit ratio, %");
        out.println();
        out.println("OPT is Belady's: the resident read again furthest in the future leaves, and an item wanted later"
                + " than what it would displace is not cached (exact for equal sizes; with varied sizes it evicts by"
                + " furthest next use until the item fits, a heuristic that other policies may beat by hits). LRU,"
                + " RANDOM and TINYLFU are the product's Memcache, read with get and filled after each miss. Every"
                + " column counts the first, unavoidable miss of each key.");
    }

    /** Simulates one trace at every capacity and prints its table. */
    List<Row> table(Trace trace) {
        int[] nextUses = trace.nextUses();
        MemcacheReplay replay = new MemcacheReplay(trace);
        long distinctBytes = trace.distinctBytes();
        List<Row> rows = new ArrayList<>();
        for (double percent : capacities) {
            long capacity = Math.max(1, Math.round(percent / 100 * distinctBytes));
            Result opt = Belady.run(trace, nextUses, capacity);
            Result[] results =
                    POLICIES.stream().map(p -> replay.run(p, capacity)).toArray(Result[]::new);
            rows.add(new Row(trace, percent, capacity, opt, results));
        }
        print(trace, rows);
        return rows;
    }

    private void print(Trace trace, List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("capacity", "OPT hit", "OPT bytes"));
        for (ReplacementPolicy policy : POLICIES) {
            header.add(policy + " hit");
            header.add(policy + " bytes");
        }
        header.add("TINYLFU-LRU, points");
        header.add("TINYLFU/OPT");
        cells.add(header.toArray(String[]::new));
        int equalSize = trace.equalSize();
        for (Row row : rows) {
            List<String> line = new ArrayList<>();
            line.add(percent(row.percent()) + " % ("
                    + (equalSize > 0
                            ? String.format(Locale.ROOT, "%,d items", row.capacityBytes() / equalSize)
                            : mebibytes(row.capacityBytes()))
                    + ")");
            line.add(ratio(row.opt().hitRatio()));
            line.add(ratio(row.opt().byteHitRatio()));
            for (Result result : row.policies()) {
                line.add(ratio(result.hitRatio()));
                line.add(ratio(result.byteHitRatio()));
            }
            line.add(String.format(Locale.ROOT, "%+.2f", row.pointsOverLru()));
            line.add(Double.isNaN(row.ofOpt()) ? "-" : String.format(Locale.ROOT, "%.3f", row.ofOpt()));
            cells.add(line.toArray(String[]::new));
        }
        out.println();
        out.println("## " + trace.name());
        out.println();
        out.println(trace.description()
                + String.format(
                        Locale.ROOT,
                        " %,d distinct keys, %s in all.",
                        trace.distinctKeys(),
                        mebibytes(trace.distinctBytes())));
        out.println();
        printMarkdown(cells);
    }

    void curveHeader(double rate, int maxKeys, int samples) {
        out.println("# Live hit-rate curve against LRU's exact hit ratio, %");
        out.println();
        out.printf(
                Locale.ROOT,
                "The memcache's HitRateCurve sampling at most %s %% of the keys by hash and at most %,d keys, the"
                        + " rate lowered to stay within them (corrected by the count of all reads, SHARDS-adj),"
                        + " against the product's Memcache"
                        + " under LRU replaying every read (get, fill after a miss), at 1/4 to 8 times %s %% of the"
                        + " trace's distinct bytes. Error in points of hit ratio%s.%n",
                percent(Math.round(100_000 * rate) / 1000.0),
                maxKeys,
                percent(CurveComparison.BASE_PERCENT),
                samples > 1 ? "; the last columns over " + samples + " samples (the key names prefixed)" : "");
    }

    /** One trace's curve: the estimate of the first sample, the exact figure, and the spread over samples. */
    void curveTable(Trace trace, double rate, int maxKeys, int samples) {
        List<CurveComparison.Comparison> comparisons = new ArrayList<>();
        comparisons.add(CurveComparison.compare(trace, rate, maxKeys));
        for (int s = 1; s < samples; s++) {
            comparisons.add(CurveComparison.compare(CurveComparison.renamed(trace, "s" + s + "/"), rate, maxKeys));
        }
        List<List<CurveComparison.Row>> runs =
                comparisons.stream().map(CurveComparison.Comparison::rows).toList();
        List<String[]> cells = new ArrayList<>();
        cells.add(
                samples > 1
                        ? new String[] {"capacity", "LRU hit", "estimate", "error", "mean |error|", "worst |error|"}
                        : new String[] {"capacity", "LRU hit", "estimate", "error"});
        String[] multiples = {"1/4", "1/2", "1", "2", "4", "8"};
        List<CurveComparison.Row> first = runs.get(0);
        for (int r = 0; r < first.size(); r++) {
            CurveComparison.Row row = first.get(r);
            List<String> line = new ArrayList<>();
            line.add(multiples[r] + " x (" + mebibytes(row.capacityBytes()) + ")");
            line.add(ratio(row.exact()));
            line.add(ratio(row.estimated()));
            line.add(String.format(Locale.ROOT, "%+.2f", row.points()));
            if (samples > 1) {
                int at = r;
                double mean = runs.stream()
                        .mapToDouble(run -> Math.abs(run.get(at).points()))
                        .average()
                        .orElse(0);
                double worst = runs.stream()
                        .mapToDouble(run -> Math.abs(run.get(at).points()))
                        .max()
                        .orElse(0);
                line.add(String.format(Locale.ROOT, "%.2f", mean));
                line.add(String.format(Locale.ROOT, "%.2f", worst));
            }
            cells.add(line.toArray(String[]::new));
        }
        out.println();
        out.println("## " + trace.name());
        out.println();
        out.println(trace.description() + String.format(Locale.ROOT, " %,d distinct keys.", trace.distinctKeys()));
        out.println();
        printMarkdown(cells);
        out.println();
        DoubleSummaryStatistics rates = comparisons.stream()
                .mapToDouble(CurveComparison.Comparison::samplingRate)
                .summaryStatistics();
        out.printf(
                Locale.ROOT,
                "Rate in the end %s; worst |error| at any capacity %.2f points%s.%n",
                rates.getMin() == rates.getMax()
                        ? String.format(Locale.ROOT, "%.4f", rates.getMax())
                        : String.format(Locale.ROOT, "%.4f to %.4f", rates.getMin(), rates.getMax()),
                comparisons.stream()
                        .mapToDouble(CurveComparison.Comparison::worstPoints)
                        .max()
                        .orElse(0),
                samples > 1 ? " over the " + samples + " samples" : "");
    }

    /** The targets, for the generated traces: the target case, and TINYLFU against LRU everywhere. */
    void targets(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        out.println();
        out.println("## Targets");
        out.println();
        rows.stream()
                .filter(row -> row.trace().name().equals(Traces.targetName()) && row.percent() == TARGET_CAPACITY)
                .findFirst()
                .ifPresent(this::targetCase);
        Row worst = rows.get(0);
        Row worstBytes = rows.get(0);
        for (Row row : rows) {
            if (row.pointsOverLru() < worst.pointsOverLru()) {
                worst = row;
            }
            if (row.bytePointsOverLru() < worstBytes.bytePointsOverLru()) {
                worstBytes = row;
            }
        }
        out.printf(
                Locale.ROOT,
                "- TINYLFU against LRU on every trace above (%d rows): at worst %+.2f points of hit ratio (%s at %s %%)"
                        + " (target: no more than %.0f below): %s. By bytes: at worst %+.2f points (%s at %s %%).%n",
                rows.size(),
                worst.pointsOverLru(),
                worst.trace().name(),
                percent(worst.percent()),
                TARGET_POINTS_BELOW_LRU,
                worst.pointsOverLru() >= -TARGET_POINTS_BELOW_LRU ? "met" : "missed",
                worstBytes.bytePointsOverLru(),
                worstBytes.trace().name(),
                percent(worstBytes.percent()));
    }

    private void targetCase(Row row) {
        Result tinyLfu = row.of(ReplacementPolicy.TINYLFU);
        Result lru = row.of(ReplacementPolicy.LRU);
        double wanted = TARGET_OF_OPT * row.opt().hitRatio();
        out.printf(
                Locale.ROOT,
                "- %s at %s %% of the keys: TINYLFU %s %% of hits, OPT %s %%: %.3f of OPT; target at least %.2f"
                        + " (%s %%): %s. LRU %s %%: TINYLFU %+.2f points; target at least +%.0f: %s.%n",
                row.trace().name(),
                percent(row.percent()),
                ratio(tinyLfu.hitRatio()),
                ratio(row.opt().hitRatio()),
                row.ofOpt(),
                TARGET_OF_OPT,
                ratio(wanted),
                tinyLfu.hitRatio() >= wanted
                        ? "met"
                        : String.format(Locale.ROOT, "missed by %.2f points", 100 * (wanted - tinyLfu.hitRatio())),
                ratio(lru.hitRatio()),
                row.pointsOverLru(),
                TARGET_POINTS_OVER_LRU,
                row.pointsOverLru() >= TARGET_POINTS_OVER_LRU ? "met" : "missed");
        Result fixed = StaticOptimum.run(row.trace(), row.capacityBytes());
        out.printf(
                Locale.ROOT,
                "- For scale, same case: a fixed cache of the most-read keys (perfect counts, no look-ahead) gets"
                        + " %s %%, %.3f of OPT; TINYLFU gets %.3f of that.%n",
                ratio(fixed.hitRatio()),
                fixed.hitRatio() / row.opt().hitRatio(),
                tinyLfu.hitRatio() / fixed.hitRatio());
    }

    /** Cells padded to their column's width, so that the Markdown reads as a table in a terminal too. */
    private void printMarkdown(List<String[]> cells) {
        int columns = cells.get(0).length;
        int[] widths = new int[columns];
        for (String[] line : cells) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        for (int r = 0; r < cells.size(); r++) {
            StringBuilder text = new StringBuilder("|");
            for (int c = 0; c < columns; c++) {
                String cell = cells.get(r)[c];
                String padding = " ".repeat(widths[c] - cell.length());
                // the capacity column reads left to right, the figures line up on the right
                text.append(' ')
                        .append(c == 0 ? cell + padding : padding + cell)
                        .append(" |");
            }
            out.println(text);
            if (r == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int c = 0; c < columns; c++) {
                    rule.append(c == 0 ? "-".repeat(widths[c] + 2) : "-".repeat(widths[c] + 1) + ":")
                            .append('|');
                }
                out.println(rule);
            }
        }
    }

    private static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f", 100 * ratio);
    }

    private static String percent(double percent) {
        return percent == Math.rint(percent)
                ? String.format(Locale.ROOT, "%.0f", percent)
                : String.format(Locale.ROOT, "%s", percent);
    }

    private static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%,.1f MiB", bytes / (1024.0 * 1024));
    }

    private static int parseCount(String option, String value) {
        try {
            int count = Integer.parseInt(value.replace(",", "").replace("_", ""));
            if (count > 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail(option + " needs a positive number, got " + value);
        return 0;
    }

    private static double parseRate(String value) {
        try {
            double rate = Double.parseDouble(value);
            if (rate > 0 && rate <= 1) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail("--curve needs a sampling rate above 0 and at most 1, got " + value);
        return 0;
    }

    private static double[] parseCapacities(String value) {
        try {
            double[] percents = Arrays.stream(value.split(","))
                    .map(String::strip)
                    .mapToDouble(Double::parseDouble)
                    .toArray();
            if (percents.length > 0 && Arrays.stream(percents).allMatch(p -> p > 0 && p <= 100)) {
                return percents;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail("--capacities needs percentages between 0 and 100, comma-separated, got " + value);
        return null;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.err.print(USAGE);
        System.exit(2);
    }
}
