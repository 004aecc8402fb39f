package imagecache.cache.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** The memcache configuration in force: a table of one row, restored when the cache starts. */
@Entity
@Table(name = "cache_config")
public class MemcacheConfigRow {

    static final int ONLY_ROW = 1;

    @Id
    private int id = ONLY_ROW;

    @Column(name = "capacity_mb", nullable = false)
    private int capacityMB;

    @Column(nullable = false, length = 16)
    private String policy;

    /** UTC. */
    @Column(name = "updated_at", nullable = false)
    private LocalDateTime updatedAt;

    protected MemcacheConfigRow() {}

    MemcacheConfigRow(int capacityMB, String policy, LocalDateTime updatedAt) {
        this.capacityMB = capacityMB;
        this.policy = policy;
        this.updatedAt = updatedAt;
    }

    public int capacityMB() {
        return capacityMB;
    }

    public String policy() {
        return policy;
    }

    void update(int capacityMB, String policy, LocalDateTime updatedAt) {
        this.capacityMB = capacityMB;
        this.policy = policy;
        this.updatedAt = updatedAt;
    }
}
