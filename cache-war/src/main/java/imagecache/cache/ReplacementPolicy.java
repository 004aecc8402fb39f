package imagecache.cache;

import java.util.Locale;
import java.util.Optional;

/** How the memcache picks the item to evict when a new one does not fit. */
public enum ReplacementPolicy {
    /** Evicts the least recently read or written item. */
    LRU,
    /** Evicts an item chosen uniformly at random. */
    RANDOM;

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
