package imagecache.frontend.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import java.util.Locale;

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

    /** As a viewer sees it (after a JPEG's EXIF rotation); null until read from the file's header. */
    private Integer width;

    private Integer height;

    /** The key in lower case, for completing typed prefixes through an index. */
    @Column(name = "key_folded", length = 300)
    private String keyFolded;

    /** UTC; kept in the row for people reading the table, not read by the application. */
    @Column(name = "created_at", nullable = false)
    private LocalDateTime createdAt;

    /** UTC. */
    @Column(name = "updated_at", nullable = false)
    private LocalDateTime updatedAt;

    protected ImageRow() {}

    ImageRow(String key, StoredContent content, LocalDateTime now) {
        this.key = key;
        this.keyFolded = fold(key);
        this.createdAt = now;
        replace(content, now);
    }

    final void replace(StoredContent content, LocalDateTime now) {
        this.path = content.path();
        this.bytes = content.bytes();
        this.contentType = content.contentType();
        this.sha256 = content.sha256();
        this.width = content.width();
        this.height = content.height();
        this.updatedAt = now;
    }

    /** How keys are compared when completing a typed prefix: ignoring case, the same in every locale. */
    static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
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

    /** Null when not known yet. */
    public Integer width() {
        return width;
    }

    /** Null when not known yet. */
    public Integer height() {
        return height;
    }

    public LocalDateTime updatedAt() {
        return updatedAt;
    }
}
