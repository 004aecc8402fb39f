package imagecache.cache.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Decodes keys from their base64url path form. */
final class KeyCodec {

    private KeyCodec() {}

    /** The key, or an {@link IllegalArgumentException} that says what was wrong with its form. */
    static String decode(String encoded) {
        try {
            return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Key is not base64url: " + encoded, e);
        }
    }
}
