package imagecache.memcache.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A key in a cache WAR path: unpadded base64url of its UTF-8 bytes, so that no key (dots, percent
 * signs, slashes, anything) can be changed by URL normalisation on the way.
 */
public final class EntryKeys {

    private EntryKeys() {}

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The key, or an {@link IllegalArgumentException} that says what was wrong with its form. */
    public static String decode(String encoded) {
        try {
            return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Key is not base64url: " + encoded, e);
        }
    }
}
