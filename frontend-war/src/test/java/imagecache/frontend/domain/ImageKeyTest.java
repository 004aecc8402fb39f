package imagecache.frontend.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageKeyTest {

    @ParameterizedTest
    @ValueSource(
            strings = {"cat", "<script>", "' OR '1'='1", "..", "%2e%2e", "emoji 😀", "\u202Eabc", "Ünïcödé", "a b"})
    void legalKeysStayExactlyAsTyped(String key) {
        assertEquals(key, ImageKey.of(key).value());
    }

    @Test
    void surroundingWhitespaceIsStripped() {
        assertEquals("cat", ImageKey.of("  cat \t").value());
        assertEquals("cat", ImageKey.of("\u2003cat\u2003").value());
    }

    @Test
    void lengthCountsCodePointsNotUtf16Units() {
        String emoji250 = "😀".repeat(250);
        assertEquals(emoji250, ImageKey.of(emoji250).value());
        ImageCacheException tooLong = assertThrows(ImageCacheException.class, () -> ImageKey.of("😀".repeat(251)));
        assertEquals("Key is too long: 251 characters, at most 250", tooLong.getMessage());
        assertEquals(400, tooLong.reason().status());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "a/b|Key must not contain '/'",
                "/|Key must not contain '/'",
                "a\\b|Key must not contain '\\'",
                "..\\..\\etc|Key must not contain '\\'",
                "'   '|Key must not be blank",
                "''|Key must not be blank"
            })
    void badKeysAreRefused(String key, String message) {
        assertEquals(
                message,
                assertThrows(ImageCacheException.class, () -> ImageKey.of(key)).getMessage());
    }

    @Test
    void controlCharactersAndBrokenUnicodeAreRefused() {
        for (String key : new String[] {"a\u0000b", "a\nb", "a\u007Fb", "a\u0085b"}) {
            assertEquals(
                    "Key must not contain control characters",
                    assertThrows(ImageCacheException.class, () -> ImageKey.of(key))
                            .getMessage());
        }
        assertEquals(
                "Key is not valid Unicode",
                assertThrows(ImageCacheException.class, () -> ImageKey.of("a\uD800b"))
                        .getMessage());
        assertEquals(
                "Missing key",
                assertThrows(ImageCacheException.class, () -> ImageKey.of(null)).getMessage());
    }
}
