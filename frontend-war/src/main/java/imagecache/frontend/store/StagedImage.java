package imagecache.frontend.store;

import imagecache.frontend.domain.ImageFormat;
import imagecache.frontend.domain.ImageInspector.Dimensions;
import java.nio.file.Path;

/**
 * An upload written completely to a temporary file, hashed, recognised and measured (its width and
 * height as a viewer sees it), not yet published.
 */
public record StagedImage(Path tempFile, String sha256, long size, ImageFormat format, Dimensions dimensions) {

    /** The content-addressed name the file is published under. */
    public String fileName() {
        return sha256 + "." + format.extension();
    }
}
