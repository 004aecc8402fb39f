package imagecache.frontend.service;

/** The outcome of an upload: the stored key and whether it replaced an earlier image. */
public record UploadResult(String key, boolean replaced, long bytes, String contentType) {}
