package imagecache.frontend.domain;

import java.time.Instant;

/**
 * How many cache nodes the memcache pool should have, as its last resize asked, and when that was
 * asked. A size of 0 means no resize was ever asked: the pool is as large as it was started.
 */
public record PoolTarget(int size, Instant changedAt) {

    public PoolTarget {
        if (size < 0) {
            throw new IllegalArgumentException("A pool target is not negative: " + size);
        }
    }

    public boolean isSet() {
        return size > 0;
    }
}
