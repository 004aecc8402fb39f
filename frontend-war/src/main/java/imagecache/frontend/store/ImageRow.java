package imagecache.frontend.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** A key and the image stored under it: its file (relative to IMAGES_DIR), size, type and hash. */
@Entity
@Table(name = "image")
public class ImageRow {

    @Id
    @Column(name = "image_key", length = 300)
    private String key;

    @Column(nullable = false, length = 200)
    private String path;

    @Column(nullable = false)
    private long bytes;

    @Column(name = "content_type", nullable = false, length = 32)
    private String contentType;

    @Column(nullable = false, length = 64)
    private String sha256;

    /** UTC; kept in the row for people reading the table, not read by the application. */
    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    /** UTC. */
    @Column(name = "updated_at", nullable = false)
    private LocalDateTime updatedAt;

    protected ImageRow() {}

    ImageRow(String key, String path, long bytes, String contentType, String sha256, LocalDateTime now) {
        this.key = key;
        this.createdAt = now;
        replace(path, bytes, contentType, sha256, now);
    }

    final void replace(String path, long bytes, String contentType, String sha256, LocalDateTime now) {
        this.path = path;
        this.bytes = bytes;
        this.contentType = contentType;
        this.sha256 = sha256;
        this.updatedAt = now;
    }

    public String key() {
        return key;
    }

    public String path() {
        return path;
    }

    public long bytes() {
        return bytes;
    }

    public String contentType() {
        return contentType;
    }

    public String sha256() {
        return sha256;
    }

    public LocalDateTime updatedAt() {
        return updatedAt;
    }
}
