package imagecache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import imagecache.memcache.protocol.TraceKeys;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The sampled reads as a trace: the last ones, a miss sized by its store while it is still held. */
class ReadLogTest {

    private static String written(ReadLog log) throws IOException {
        StringBuilder text = new StringBuilder();
        log.writeTo(text);
        return text.toString();
    }

    @Test
    void theLogKeepsTheLastReadsAndLeavesOutThoseNeverSized() throws IOException {
        ReadLog log = new ReadLog(3);
        log.append("a", 1);
        log.append("b", 2);
        long missed = log.append("new", SampledKey.UNKNOWN_SIZE);
        log.append("never stored", SampledKey.UNKNOWN_SIZE);
        log.fillSize(missed, 30);
        log.append("tab\there", 4);
        assertEquals(3, log.size());
        assertEquals(TraceKeys.HEADER + "\nnew\t30\ntab%09here\t4\n", written(log));
    }

    @Test
    void aSizeFillsOnlyAMissStillHeld() throws IOException {
        ReadLog log = new ReadLog(2);
        long first = log.append("first", SampledKey.UNKNOWN_SIZE);
        long hit = log.append("hit", 5);
        log.fillSize(hit, 6);
        log.append("third", 7);
        log.fillSize(first, 1);
        log.fillSize(ReadLog.NOT_LOGGED, 1);
        assertEquals(TraceKeys.HEADER + "\nhit\t5\nthird\t7\n", written(log));
    }

    @Test
    void aCopyWritesTheSameAndALogOfNoCapacityHoldsNothing() throws IOException {
        ReadLog log = new ReadLog(2);
        for (int i = 0; i < 5; i++) {
            log.append("k" + i, i);
        }
        assertEquals(written(log), written(log.copy()));
        log.clear();
        assertEquals(0, log.size());
        assertEquals(TraceKeys.HEADER + "\n", written(log));
        ReadLog none = new ReadLog(0);
        assertEquals(ReadLog.NOT_LOGGED, none.append("a", 1));
        none.fillSize(0, 1);
        assertEquals(TraceKeys.HEADER + "\n", written(none));
    }

    @Test
    void anEncodedKeyHoldsNoSpaceNewlineOrCommentAndDecodesToItself() {
        String key = "#a b\tc\nd%25é/日本\r ";
        String encoded = TraceKeys.encode(key);
        assertFalse(encoded.chars().anyMatch(c -> c <= ' ' || c >= 0x7f || c == '#'), encoded);
        assertEquals(key, TraceKeys.decode(encoded));
        assertEquals("img-1", TraceKeys.encode("img-1"));
        assertThrows(IllegalArgumentException.class, () -> TraceKeys.decode("bad%2"));
    }
}
