package imagecache.cache.sim;

import java.util.Arrays;
import java.util.Objects;

/**
 * A sequence of reads to replay: each read is a key id, 0 to {@code keys() - 1}, and each key has a
 * name (what the memcache sees) and a size in bytes. The arrays are shared, not copied: nothing
 * changes them after construction.
 */
final class Trace {

    private final String name;
    private final String description;
    private final String[] keyNames;
    private final int[] sizes;
    private final int[] reads;

    Trace(String name, String description, String[] keyNames, int[] sizes, int[] reads) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.keyNames = Objects.requireNonNull(keyNames, "keyNames");
        this.sizes = Objects.requireNonNull(sizes, "sizes");
        this.reads = Objects.requireNonNull(reads, "reads");
        if (keyNames.length != sizes.length) {
            throw new IllegalArgumentException(keyNames.length + " key names for " + sizes.length + " sizes");
        }
        for (int key : reads) {
            if (key < 0 || key >= sizes.length) {
                throw new IllegalArgumentException("read of key " + key + " of " + sizes.length);
            }
        }
    }

    /** A short name for tables, e.g. "zipf-0.8+scan, 100 KiB". */
    String name() {
        return name;
    }

    /** One sentence on how the reads were made. */
    String description() {
        return description;
    }

    int length() {
        return reads.length;
    }

    /** The key id of read {@code index}. */
    int read(int index) {
        return reads[index];
    }

    int keys() {
        return sizes.length;
    }

    String keyName(int key) {
        return keyNames[key];
    }

    int size(int key) {
        return sizes[key];
    }

    /** The total size of the keys read at least once: what a cache holding everything would need. */
    long distinctBytes() {
        boolean[] seen = new boolean[sizes.length];
        long total = 0;
        for (int key : reads) {
            if (!seen[key]) {
                seen[key] = true;
                total += sizes[key];
            }
        }
        return total;
    }

    /** How many keys are read at least once. */
    int distinctKeys() {
        boolean[] seen = new boolean[sizes.length];
        int distinct = 0;
        for (int key : reads) {
            if (!seen[key]) {
                seen[key] = true;
                distinct++;
            }
        }
        return distinct;
    }

    /** The one size of every key read, or -1 if sizes differ. */
    int equalSize() {
        int size = -1;
        for (int key : reads) {
            if (size == -1) {
                size = sizes[key];
            } else if (sizes[key] != size) {
                return -1;
            }
        }
        return size;
    }

    /**
     * For each read, the index of the next read of the same key, or {@link Integer#MAX_VALUE} if the key
     * is not read again: what an optimal policy needs to know of the future.
     */
    int[] nextUses() {
        int[] next = new int[reads.length];
        int[] following = new int[sizes.length];
        Arrays.fill(following, Integer.MAX_VALUE);
        for (int i = reads.length - 1; i >= 0; i--) {
            next[i] = following[reads[i]];
            following[reads[i]] = i;
        }
        return next;
    }
}
