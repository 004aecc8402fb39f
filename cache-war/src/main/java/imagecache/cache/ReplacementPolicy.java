package imagecache.cache;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The memcache's replacement policies, each deciding its own victims: adding a policy means adding
 * a constant here with its {@link Eviction}. The names are the configuration values; a policy may
 * also answer to the name the course used for it.
 */
public enum ReplacementPolicy {
    /** Evicts the least recently read or written item. */
    LRU {
        @Override
        Eviction evictionOf(Residents residents, RandomGenerator random) {
            return incoming -> residents.leastRecentlyUsed();
        }
    },
    /** Evicts an item chosen uniformly at random ("RR", random replacement, in the course). */
    RANDOM("RR") {
        @Override
        Eviction evictionOf(Residents residents, RandomGenerator random) {
            return incoming -> residents.inSlot(random.nextInt(residents.size()));
        }
    },
    /**
     * Keeps what is read often: new items pass a small LRU window, then enter the main area only if
     * read more often lately than the items, by bytes, they would displace ({@link TinyLfuEviction}).
     */
    TINYLFU {
        @Override
        Eviction evictionOf(Residents residents, RandomGenerator random) {
            return new TinyLfuEviction(residents);
        }
    };

    private final String alias;

    ReplacementPolicy() {
        this(null);
    }

    ReplacementPolicy(String alias) {
        this.alias = alias;
    }

    /** This policy's eviction over a memcache's residents, starting from what they hold now. */
    abstract Eviction evictionOf(Residents residents, RandomGenerator random);

    /** Parses a policy name or alias case-insensitively; empty when the name is unknown. */
    public static Optional<ReplacementPolicy> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(policy -> policy.name().equals(wanted) || wanted.equals(policy.alias))
                .findFirst();
    }

    /** The accepted names, for messages: "LRU, RANDOM (or RR), TINYLFU". */
    public static String names() {
        return Arrays.stream(values())
                .map(policy -> policy.alias == null ? policy.name() : policy.name() + " (or " + policy.alias + ")")
                .collect(Collectors.joining(", "));
    }
}
