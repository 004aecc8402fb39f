package imagecache.cache;

import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The memcache's replacement policies, each deciding its own victims: adding a policy means adding
 * a constant here with its {@link Eviction}. The names are the configuration values.
 */
public enum ReplacementPolicy {
    /** Evicts the least recently read or written item. */
    LRU {
        @Override
        Eviction evictionOf(Residents residents, RandomGenerator random) {
            return residents::leastRecentlyUsed;
        }
    },
    /** Evicts an item chosen uniformly at random. */
    RANDOM {
        @Override
        Eviction evictionOf(Residents residents, RandomGenerator random) {
            return () -> residents.inSlot(random.nextInt(residents.size()));
        }
    };

    /** This policy's eviction over a memcache's residents, starting from what they hold now. */
    abstract Eviction evictionOf(Residents residents, RandomGenerator random);

    /** Parses a policy name case-insensitively; empty when the name is unknown. */
    public static Optional<ReplacementPolicy> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
