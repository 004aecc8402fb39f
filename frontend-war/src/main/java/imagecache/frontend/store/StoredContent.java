package imagecache.frontend.store;

/**
 * What a key's row says about its image: the file (relative to IMAGES_DIR), its size, type, hash,
 * and its width and height as a viewer sees it (null when not known).
 */
public record StoredContent(String path, long bytes, String contentType, String sha256, Integer width, Integer height) {

    /** The content of a staged upload, published under its content-addressed name. */
    public static StoredContent of(StagedImage staged) {
        return new StoredContent(
                staged.fileName(),
                staged.size(),
                staged.format().contentType(),
                staged.sha256(),
                (int) staged.dimensions().width(),
                (int) staged.dimensions().height());
    }
}
