package imagecache.frontend.domain;

/**
 * A key as stored: 1 to 250 code points after stripping surrounding whitespace; anything but '/',
 * '\\' and control characters. Keys are exact (case-sensitive) and never become part of a path.
 * The server's HTTP layer refuses a slash or a backslash inside a path segment (even encoded), and
 * every key must be readable through every by-key URL, so neither may be in a key. Made at the edge
 * (API, pages) from what a user typed; everything behind takes an {@code ImageKey}, never a string.
 */
public record ImageKey(String value) {

    public static final int MAX_CODE_POINTS = 250;

    /** Strips and checks the key; throws {@link ImageCacheException} (400) when it breaks a rule. */
    public ImageKey {
        value = normalize(value);
    }

    /** The key a user typed, stripped and checked. */
    public static ImageKey of(String typed) {
        return new ImageKey(typed);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String normalize(String raw) {
        if (raw == null) {
            throw ImageCacheException.invalid("Missing key");
        }
        String key = raw.strip();
        if (key.isEmpty()) {
            throw ImageCacheException.invalid("Key must not be blank");
        }
        int length = key.codePointCount(0, key.length());
        if (length > MAX_CODE_POINTS) {
            throw ImageCacheException.invalid("Key is too long: " + length + " characters, at most " + MAX_CODE_POINTS);
        }
        key.codePoints().forEach(c -> {
            if (c == '/' || c == '\\') {
                throw ImageCacheException.invalid("Key must not contain '" + (char) c + "'");
            }
            if (Character.getType(c) == Character.CONTROL) {
                throw ImageCacheException.invalid("Key must not contain control characters");
            }
            if (Character.getType(c) == Character.SURROGATE) {
                throw ImageCacheException.invalid("Key is not valid Unicode");
            }
        });
        return key;
    }
}
