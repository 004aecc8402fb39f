package imagecache.frontend.store;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A stored file's lock row, by content hash: a writer that adds or drops a reference to the file
 * locks it first, so the "delete the file when no key uses it" rule holds across front ends.
 */
@Entity
@Table(name = "image_file")
public class ImageFileRow {

    @Id
    private String sha256;

    protected ImageFileRow() {}

    ImageFileRow(String sha256) {
        this.sha256 = sha256;
    }
}
