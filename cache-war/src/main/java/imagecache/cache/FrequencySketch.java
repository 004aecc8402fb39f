package imagecache.cache;

/**
 * How often each key was asked for lately, approximately, in 8 bytes per item tracked: a count-min
 * sketch. Each key has one 4-bit counter in each of four rows, chosen by hashing; its estimate is the
 * smallest of the four, which collisions can raise but never push below the true count (up to the
 * cap of 15). After every {@code sampleSize} increments, ten per item tracked, all counts are
 * halved: popularity that is not renewed fades, so the sketch follows a change in what is hot.
 *
 * <p>A row is four counters per item tracked wide, a power of two, sixteen counters packed in a
 * long. Growing multiplies the width by a power of two; each new counter starts from the one whose column equals its own
 * in the old width's low bits, which is where every key that now maps to it counted before, so
 * estimates stay at or above the true counts.
 */
final class FrequencySketch {

    static final int MAX_COUNT = 15;

    private static final int ROWS = 4;
    private static final int COUNTERS_PER_ITEM = 4;
    private static final int SAMPLE_PER_ITEM = 10;
    private static final int MIN_ITEMS = 64;
    private static final int MAX_ITEMS = 1 << 24;
    private static final long EVERY_COUNTER_BUT_ITS_TOP_BIT = 0x7777_7777_7777_7777L;

    private int items;
    private int width;
    private long[] table;
    private int sampleSize;
    private int increments;

    /** A sketch for about {@code items} distinct keys held (at least 64); it grows with them. */
    FrequencySketch(int items) {
        this.items = itemsFor(items);
        this.width = this.items * COUNTERS_PER_ITEM;
        this.table = new long[ROWS * width / 16];
        this.sampleSize = SAMPLE_PER_ITEM * this.items;
    }

    /** Grows, keeping the counts, when the cache now holds more items than the sketch was made for. */
    void ensureItems(int held) {
        if (held <= items || items == MAX_ITEMS) {
            return;
        }
        int newItems = itemsFor(held);
        int newWidth = newItems * COUNTERS_PER_ITEM;
        long[] newTable = new long[ROWS * newWidth / 16];
        for (int row = 0; row < ROWS; row++) {
            for (int column = 0; column < newWidth; column++) {
                long count = counter(row, column & (width - 1));
                newTable[row * (newWidth / 16) + (column >>> 4)] |= count << ((column & 15) << 2);
            }
        }
        items = newItems;
        width = newWidth;
        table = newTable;
        sampleSize = SAMPLE_PER_ITEM * newItems;
    }

    /** Counts one request for {@code key}; every {@link #sampleSize()} of them, halves all counts. */
    void increment(String key) {
        long hash = spread(key);
        int first = (int) hash;
        int step = (int) (hash >>> 32) | 1;
        for (int row = 0; row < ROWS; row++) {
            int column = (first + row * step) & (width - 1);
            int word = row * (width / 16) + (column >>> 4);
            int shift = (column & 15) << 2;
            if (((table[word] >>> shift) & MAX_COUNT) < MAX_COUNT) {
                table[word] += 1L << shift;
            }
        }
        if (++increments >= sampleSize) {
            halve();
        }
    }

    /** The estimated number of requests for {@code key} lately, 0 to {@value #MAX_COUNT}. */
    int frequency(String key) {
        long hash = spread(key);
        int first = (int) hash;
        int step = (int) (hash >>> 32) | 1;
        int frequency = MAX_COUNT;
        for (int row = 0; row < ROWS; row++) {
            frequency = Math.min(frequency, counter(row, (first + row * step) & (width - 1)));
        }
        return frequency;
    }

    /** How many increments there are between two halvings. */
    int sampleSize() {
        return sampleSize;
    }

    private void halve() {
        for (int i = 0; i < table.length; i++) {
            // each 4-bit counter shifts right; the bit that falls in from its neighbour is masked off
            table[i] = (table[i] >>> 1) & EVERY_COUNTER_BUT_ITS_TOP_BIT;
        }
        increments = 0;
    }

    private int counter(int row, int column) {
        long word = table[row * (width / 16) + (column >>> 4)];
        return (int) (word >>> ((column & 15) << 2)) & MAX_COUNT;
    }

    private static int itemsFor(int held) {
        int wanted = Math.min(Math.max(held, MIN_ITEMS), MAX_ITEMS);
        return Integer.highestOneBit(wanted - 1) << 1;
    }

    /** 64 well-mixed bits from the key's hash code: the low half picks the first column, the high half the step. */
    private static long spread(String key) {
        long hash = key.hashCode() * 0x9E37_79B9_7F4A_7C15L;
        hash ^= hash >>> 29;
        hash *= 0xBF58_476D_1CE4_E5B9L;
        return hash ^ (hash >>> 32);
    }
}
