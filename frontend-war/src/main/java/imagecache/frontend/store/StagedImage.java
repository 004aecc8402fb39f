package imagecache.frontend.store;

import imagecache.frontend.domain.ImageFormat;
import java.nio.file.Path;

/** An upload written completely to a temporary file, hashed and recognised, not yet published. */
public record StagedImage(Path tempFile, String sha256, long size, ImageFormat format) {

    /** The content-addressed name the file is published under. */
    public String fileName() {
        return sha256 + "." + format.extension();
    }
}
