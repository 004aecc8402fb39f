package imagecache.cache.sim;

import imagecache.memcache.protocol.TraceKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A recorded trace: one read a line, {@code key size}, the size in bytes after the last space or tab
 * (so a key may contain spaces). Blank lines and lines starting with {@code #} are skipped; after the
 * line {@link TraceKeys#HEADER} (the memcache's exported sample starts with it) keys are
 * percent-decoded. A key whose size changes is a new image under the same name, so from that line on
 * it is a key of its own: the old copy can never be a hit again.
 */
final class TraceFile {

    /** The largest array the JVM allocates. */
    static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    /**
     * The replay keeps one array per distinct size; when the distinct sizes add up to more than this,
     * sizes are rounded to a geometric grid, as finely as the budget allows.
     */
    static final long VALUE_BUDGET = 256L * 1024 * 1024;

    /** A key as it was from one change of its size to the next. */
    private record Version(String key, int number) {}

    private TraceFile() {}

    /** Reads at most {@code maxReads} reads of a trace file. */
    static Trace read(Path path, int maxReads) throws IOException {
        Map<Version, Integer> idOfVersion = new HashMap<>();
        Set<String> taken = new HashSet<>();
        boolean encoded = false;
        Map<String, Integer> sizeOfKey = new HashMap<>();
        Map<String, Integer> versionsOfKey = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        int[] reads = new int[1024];
        int length = 0;
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null && length < maxReads; line = reader.readLine()) {
                lineNumber++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    encoded |= text.equals(TraceKeys.HEADER);
                    continue;
                }
                int split = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\t'));
                if (split < 0) {
                    throw new IOException(path + ":" + lineNumber + ": expected `key size`, got: " + text);
                }
                String key = text.substring(0, split).strip();
                if (encoded) {
                    try {
                        key = TraceKeys.decode(key);
                    } catch (IllegalArgumentException e) {
                        throw new IOException(path + ":" + lineNumber + ": " + e.getMessage(), e);
                    }
                }
                int size = parseSize(text.substring(split + 1), path, lineNumber);
                Integer known = sizeOfKey.put(key, size);
                if (known != null && known != size) {
                    versionsOfKey.merge(key, 1, Integer::sum);
                }
                Version version = new Version(key, versionsOfKey.getOrDefault(key, 0));
                Integer id = idOfVersion.get(version);
                if (id == null) {
                    id = names.size();
                    idOfVersion.put(version, id);
                    // a newline cannot occur in a plain key read from a line, but a decoded key may
                    // hold one: each version gets a name of its own all the same
                    String name = version.number() == 0 ? key : key + "\n" + version.number();
                    while (!taken.add(name)) {
                        name += "\n";
                    }
                    names.add(name);
                    sizes.add(size);
                }
                if (length == reads.length) {
                    reads = Arrays.copyOf(reads, length * 2);
                }
                reads[length++] = id;
            }
        }
        if (length == 0) {
            throw new IOException(path + ": no reads");
        }
        int[] exact = sizes.stream().mapToInt(Integer::intValue).toArray();
        double step = shareableStep(exact);
        String rounding = "";
        int[] shared = exact;
        if (step > 0) {
            shared = rounded(exact, step);
            rounding = String.format(
                    Locale.ROOT,
                    " Sizes rounded to within %.1f %% (a grid of %.1f %% steps) so that value arrays can be shared.",
                    50 * step,
                    100 * step);
        }
        String description = String.format(
                Locale.ROOT,
                "%,d reads of %,d keys recorded in %s.%s",
                length,
                names.size(),
                path.getFileName(),
                rounding);
        return new Trace(
                path.getFileName().toString(),
                description,
                names.toArray(String[]::new),
                shared,
                Arrays.copyOf(reads, length));
    }

    private static int parseSize(String field, Path path, int lineNumber) throws IOException {
        long size;
        try {
            size = Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw new IOException(path + ":" + lineNumber + ": size is not a number: " + field, e);
        }
        if (size < 0 || size > MAX_SIZE) {
            throw new IOException(path + ":" + lineNumber + ": size out of range: " + size);
        }
        return (int) size;
    }

    /** 0 when the exact sizes fit the value budget, else the finest relative grid step that does. */
    static double shareableStep(int[] sizes) {
        if (distinctTotal(sizes) <= VALUE_BUDGET) {
            return 0;
        }
        double step = 0.001;
        while (distinctTotal(rounded(sizes, step)) > VALUE_BUDGET) {
            step *= 2;
        }
        return step;
    }

    /** Each size moved to the nearest power of (1 + step). */
    static int[] rounded(int[] sizes, double step) {
        double logBase = Math.log1p(step);
        int[] result = new int[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] > 0) {
                double exponent = Math.rint(Math.log(sizes[i]) / logBase);
                result[i] = (int) Math.min(MAX_SIZE, Math.max(1, Math.round(Math.exp(exponent * logBase))));
            }
        }
        return result;
    }

    private static long distinctTotal(int[] sizes) {
        Set<Integer> distinct = new HashSet<>();
        long total = 0;
        for (int size : sizes) {
            if (distinct.add(size)) {
                total += size;
            }
        }
        return total;
    }
}
