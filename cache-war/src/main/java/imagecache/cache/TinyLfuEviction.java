package imagecache.cache;

/**
 * W-TinyLFU weighed by bytes: recency decides in a small window, frequency at the door of the main
 * area.
 *
 * <p>Every new item enters the window (an LRU of 1% of the capacity), so that a new key read again
 * soon is cached at once. What the window pushes out becomes a candidate for the main area, a
 * segmented LRU: probation (20% of it) for items not read since they got there, protected (80%) for
 * items read again. A candidate that fits in the main area's budget goes on probation. One that
 * does not is weighed against the main items it would displace, taken from the cold end (probation's
 * oldest, then protected's) until their bytes make the room it lacks: it gets in only if the sketch
 * counted it more often than all of them together. So a big image read now and then does not push
 * out many small ones read all the time, and a scan of keys read once (ties lose) does not flush
 * what is read often. The {@link FrequencySketch} counts every read of a key, hit or miss.
 *
 * <p>The budgets steer, they do not bound: the memcache alone keeps its total within the capacity,
 * asking for one victim at a time, and this class only chooses it. Each item's region is an
 * {@link EntryQueue} linked through the item itself, so every step is O(1); weighing looks at no more
 * than {@link #MAX_VICTIMS_WEIGHED} items.
 */
final class TinyLfuEviction implements Eviction {

    /**
     * How many main items one weighing looks at. A candidate that needs more is judged on the coldest
     * ones; the next victim asked for looks again, so no more than one item leaves on a partial look.
     */
    static final int MAX_VICTIMS_WEIGHED = 32;

    private final Residents residents;
    private final FrequencySketch sketch;
    private final EntryQueue window = new EntryQueue();
    private final EntryQueue candidates = new EntryQueue();
    private final EntryQueue probation = new EntryQueue();
    private final EntryQueue protectedSegment = new EntryQueue();

    /**
     * Starts from what the residents hold now: the most recent bytes up to the window's budget form
     * the window, the rest is on probation, and nothing has been counted yet.
     */
    TinyLfuEviction(Residents residents) {
        this.residents = residents;
        this.sketch = new FrequencySketch(residents.size());
        residents.forEachFromLeastRecent(probation::addLast);
        long budget = windowBudget();
        while (!probation.isEmpty() && window.bytes() + size(probation.last()) <= budget) {
            MemcacheEntry newest = probation.last();
            probation.remove(newest);
            window.addFirst(newest);
        }
    }

    @Override
    public void onAccess(String key) {
        sketch.increment(key);
    }

    @Override
    public void onRead(MemcacheEntry entry) {
        if (entry.queue == window) {
            window.moveToLast(entry);
        } else if (entry.queue == protectedSegment) {
            protectedSegment.moveToLast(entry);
        } else if (entry.queue == probation) {
            move(entry, protectedSegment);
            long budget = protectedBudget();
            while (protectedSegment.bytes() > budget) {
                move(protectedSegment.first(), probation);
            }
        }
        // a candidate keeps its place in line: the read has raised its count, which is what it is judged by
    }

    @Override
    public void onStore(MemcacheEntry entry) {
        sketch.ensureItems(residents.size());
        window.addLast(entry);
        long budget = windowBudget();
        while (window.bytes() > budget && window.first() != entry) {
            move(window.first(), candidates);
        }
        long mainBudget = mainBudget();
        for (MemcacheEntry candidate = candidates.first();
                candidate != null && mainBytes() + size(candidate) <= mainBudget;
                candidate = candidates.first()) {
            move(candidate, probation);
        }
    }

    @Override
    public void onRemove(MemcacheEntry entry) {
        entry.queue.remove(entry);
    }

    @Override
    public MemcacheEntry victim(long incoming) {
        // the incoming item will enter the window: what it pushes out competes for the main area first
        long windowBudget = windowBudget();
        while (!window.isEmpty() && window.bytes() + incoming > windowBudget) {
            move(window.first(), candidates);
        }
        long mainBudget = mainBudget();
        for (MemcacheEntry candidate = candidates.first(); candidate != null; candidate = candidates.first()) {
            long room = mainBudget - mainBytes();
            if (size(candidate) <= room) {
                move(candidate, probation);
            } else if (size(candidate) > mainBudget || !outweighs(candidate, size(candidate) - room)) {
                return candidate;
            } else {
                // admitted: it stays first in line until the victims it outweighs have made its room
                return coldest();
            }
        }
        return coldest();
    }

    @Override
    public void release() {
        window.clear();
        candidates.clear();
        probation.clear();
        protectedSegment.clear();
    }

    /**
     * Whether the sketch counted the candidate more often than the main items, coldest first, whose
     * bytes add up to {@code lacking}, all together.
     */
    private boolean outweighs(MemcacheEntry candidate, long lacking) {
        int frequency = sketch.frequency(candidate.key);
        int displacedFrequency = 0;
        long freed = 0;
        MemcacheEntry victim = coldestInMain();
        for (int weighed = 0; victim != null && freed < lacking && weighed < MAX_VICTIMS_WEIGHED; weighed++) {
            displacedFrequency += sketch.frequency(victim.key);
            if (displacedFrequency >= frequency) {
                return false;
            }
            freed += size(victim);
            victim = warmer(victim);
        }
        return frequency > displacedFrequency;
    }

    /** The next victim when no candidate is left: the main area's coldest, else the window's oldest. */
    private MemcacheEntry coldest() {
        MemcacheEntry coldest = coldestInMain();
        if (coldest == null) {
            coldest = window.first();
        }
        // every resident is in one of the queues; this only keeps the promise to return a resident
        return coldest != null ? coldest : residents.leastRecentlyUsed();
    }

    /** The main item after {@code entry} from the cold end: the rest of probation, then protected. */
    private MemcacheEntry warmer(MemcacheEntry entry) {
        return entry.queueNext == null && entry.queue == probation ? protectedSegment.first() : entry.queueNext;
    }

    private MemcacheEntry coldestInMain() {
        return probation.isEmpty() ? protectedSegment.first() : probation.first();
    }

    private long windowBudget() {
        return Math.max(1, residents.capacityBytes() / 100);
    }

    private long mainBudget() {
        return residents.capacityBytes() - windowBudget();
    }

    private long protectedBudget() {
        long mainBudget = mainBudget();
        return mainBudget - mainBudget / 5;
    }

    private long mainBytes() {
        return probation.bytes() + protectedSegment.bytes();
    }

    private static void move(MemcacheEntry entry, EntryQueue to) {
        entry.queue.remove(entry);
        to.addLast(entry);
    }

    private static long size(MemcacheEntry entry) {
        return entry.value.length;
    }
}
