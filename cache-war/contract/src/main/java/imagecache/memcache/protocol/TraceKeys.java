package imagecache.memcache.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * How keys are written in an exported trace, one read a line {@code key<TAB>size}: a key is
 * percent-encoded (its UTF-8 bytes, every byte outside printable ASCII and every {@code %} as
 * {@code %XX}), so that no key, whatever it holds, can split a line or a field, start a comment or
 * lose its outer spaces to the reader's trimming. A file whose keys are encoded says so in its first
 * line, {@link #HEADER}, so that a reader still takes older files' keys as they stand.
 */
public final class TraceKeys {

    /** The first line of a trace whose keys are percent-encoded. */
    public static final String HEADER = "# keys: percent-encoded";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private TraceKeys() {}

    public static String encode(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        StringBuilder text = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            // '#' only matters first on a line, but one rule is simpler to read back
            if (c > ' ' && c < 0x7f && c != '%' && c != '#') {
                text.append((char) c);
            } else {
                text.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
            }
        }
        return text.toString();
    }

    /**
     * The key that {@link #encode} wrote.
     *
     * @throws IllegalArgumentException if a {@code %} is not followed by two hexadecimal digits
     */
    public static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            int c = text.codePointAt(i);
            if (c != '%') {
                byte[] plain = Character.toString(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(plain, 0, plain.length);
                i += Character.charCount(c) - 1;
                continue;
            }
            int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (low < 0) {
                throw new IllegalArgumentException("bad escape at " + i + " in " + text);
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
