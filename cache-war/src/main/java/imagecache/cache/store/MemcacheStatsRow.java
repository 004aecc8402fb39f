package imagecache.cache.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One 5-second sample of the memcache. Items and bytes are as sampled; requests, hits and misses
 * count what happened since the previous sample, so a row alone says how the cache did then.
 */
@Entity
@Table(name = "cache_stats")
@IdClass(MemcacheStatsRow.Id.class)
public class MemcacheStatsRow {

    /** The node that took the sample ({@code local} on a single server). */
    @jakarta.persistence.Id
    private String node;

    /** UTC. */
    @jakarta.persistence.Id
    @Column(name = "sampled_at")
    private LocalDateTime sampledAt;

    private int items;
    private long bytes;

    @Column(name = "capacity_bytes")
    private long capacityBytes;

    private long requests;
    private long hits;
    private long misses;
    private long evictions;

    protected MemcacheStatsRow() {}

    public MemcacheStatsRow(
            String node,
            LocalDateTime sampledAt,
            int items,
            long bytes,
            long capacityBytes,
            long requests,
            long hits,
            long misses,
            long evictions) {
        this.node = node;
        this.sampledAt = sampledAt;
        this.items = items;
        this.bytes = bytes;
        this.capacityBytes = capacityBytes;
        this.requests = requests;
        this.hits = hits;
        this.misses = misses;
        this.evictions = evictions;
    }

    public String node() {
        return node;
    }

    public LocalDateTime sampledAt() {
        return sampledAt;
    }

    public int items() {
        return items;
    }

    public long bytes() {
        return bytes;
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    public long requests() {
        return requests;
    }

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    public long evictions() {
        return evictions;
    }

    /** The primary key: node and time. */
    public static class Id implements Serializable {
        private String node;
        private LocalDateTime sampledAt;

        @Override
        public boolean equals(Object other) {
            return other instanceof Id id && Objects.equals(node, id.node) && Objects.equals(sampledAt, id.sampledAt);
        }

        @Override
        public int hashCode() {
            return Objects.hash(node, sampledAt);
        }
    }
}
