package imagecache.cache.api;

import jakarta.ws.rs.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Decodes keys from their base64url path form. */
final class KeyCodec {

    private KeyCodec() {}

    static String decode(String encoded) {
        try {
            return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("Key is not base64url: " + encoded);
        }
    }
}
