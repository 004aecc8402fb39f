package imagecache.frontend.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DotKeyFilterTest {

    @Test
    void oneOrTwoDotsAsSentOrPercentEncodedAreTheKeysDotAndDotDot() {
        assertEquals(".", DotKeyFilter.dotKey("."));
        assertEquals(".", DotKeyFilter.dotKey("%2E"));
        assertEquals("..", DotKeyFilter.dotKey(".."));
        assertEquals("..", DotKeyFilter.dotKey("%2e%2E"));
        assertEquals("..", DotKeyFilter.dotKey(".%2e"));
    }

    @Test
    void anythingElseIsLeftToTheServletMapping() {
        for (String segment : new String[] {"", "...", "a", "..a", "%2e%2e%2e", "%252e", "./", "%2E%2E/x"}) {
            assertNull(DotKeyFilter.dotKey(segment), segment);
        }
    }
}
