package imagecache.frontend.service;

import java.util.Optional;

/**
 * A key's thumbnail: its bytes and type, and the hash of the image it shows; no bytes when none
 * could be made (the image's format cannot be decoded here), so that a placeholder is shown.
 */
public record ThumbnailContent(String key, String imageSha256, Optional<byte[]> bytes, String contentType) {}
