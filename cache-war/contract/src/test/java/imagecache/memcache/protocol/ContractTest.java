package imagecache.memcache.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one side of the memcache's wire writes, the other reads: the records through the JSON
 * binding both WARs use on Payara (Yasson), the answer a put writes by hand, and the keys in paths
 * and traces.
 */
class ContractTest {

    private static Jsonb json;

    @BeforeAll
    static void open() {
        json = JsonbBuilder.create();
    }

    @AfterAll
    static void close() throws Exception {
        json.close();
    }

    private static <T> T roundTrip(T value, Class<T> type) {
        return json.fromJson(json.toJson(value), type);
    }

    @Test
    void statsTravelWithEveryFigureAndCurvePoint() {
        NodeStats sent = new NodeStats(
                "6f0c-node",
                new NodeFigures(3, 3000, 10 << 20, "TINYLFU", 40, 30, 10, 0.75, 0.25, 2),
                new Curve(
                        0.5, 40, 20, List.of(new Curve.CurvePoint(1 << 20, 0.1), new Curve.CurvePoint(2 << 20, 0.9))));
        assertEquals(sent, roundTrip(sent, NodeStats.class));
    }

    @Test
    void aNodeWithTheCurveOffSendsNoPoints() {
        NodeStats sent = new NodeStats(
                MemcacheProtocol.LOCAL_NODE, new NodeFigures(0, 0, 1, "LRU", 0, 0, 0, 0, 0, 0), Curve.NONE);
        assertEquals(sent, roundTrip(sent, NodeStats.class));
    }

    @Test
    void historyTravelsAsStoredWithItsNodeAndInstant() {
        History sent = new History(List.of(
                new History.Sample("a", "2026-12-01T10:00:04.990Z", 2, 200, 10, 9, 1),
                new History.Sample("b", "2026-12-01T10:00:05Z", 0, 0, 0, 0, 0)));
        assertEquals(sent, roundTrip(sent, History.class));
    }

    @Test
    void aConfigurationTravelsWithAMissingValueLeftOut() {
        assertEquals(new MemcacheConfig(7, "RR"), roundTrip(new MemcacheConfig(7, "RR"), MemcacheConfig.class));
        assertEquals("{\"policy\":\"LRU\"}", json.toJson(new MemcacheConfig(null, "LRU")));
        assertEquals(new MemcacheConfig(null, "LRU"), json.fromJson("{\"policy\":\"LRU\"}", MemcacheConfig.class));
    }

    @Test
    void thePutAnswerWrittenByHandIsReadByTheBinding() {
        for (boolean stored : new boolean[] {true, false}) {
            StoreAnswer answer = new StoreAnswer(stored);
            assertEquals(answer, json.fromJson(answer.json(), StoreAnswer.class));
            assertEquals(json.toJson(answer), answer.json());
        }
    }

    @Test
    void theHandoffAnswerWrittenByHandIsTheBindingsAndReadBack() {
        for (int stored : new int[] {0, 1, 4096}) {
            HandoffAnswer answer = new HandoffAnswer(stored);
            assertEquals(json.toJson(answer), answer.json());
            assertEquals(answer, HandoffAnswer.parse(answer.json()));
            assertEquals(answer, json.fromJson(answer.json(), HandoffAnswer.class));
        }
        assertEquals(new HandoffAnswer(0), HandoffAnswer.parse("{\"error\":\"Not a handoff: 12 stored\"}"));
    }

    @Test
    void aLeaveAnswerTravels() {
        LeaveAnswer answer = new LeaveAnswer("5b0c-node", 33, 31);
        assertEquals(answer, roundTrip(answer, LeaveAnswer.class));
    }

    @Test
    void everyKeyComesBackFromItsPathForm() {
        for (String key :
                List.of("a", "..", ".", "%2F", "caf\u00e9 \u2615 \ud83d\ude00", "<'\">", " lead", "a+b=c?&d#e")) {
            String encoded = EntryKeys.encode(key);
            assertTrue(encoded.matches("[A-Za-z0-9_-]+"), "only URL-safe characters, no padding: " + encoded);
            assertEquals(key, EntryKeys.decode(encoded));
        }
    }

    @Test
    void aPathThatIsNotBase64UrlIsRefusedWithItsForm() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> EntryKeys.decode("a/b"));
        assertTrue(refused.getMessage().contains("a/b"));
    }

    @Test
    void everyKeyComesBackFromItsTraceLineWhateverItHolds() {
        for (String key : List.of("img-1", "tab\there", "# not a comment", " spaced ", "100%", "\u00e9\ud83d\ude00")) {
            String encoded = TraceKeys.encode(key);
            assertTrue(encoded.chars().allMatch(c -> c > ' ' && c < 0x7f), encoded);
            assertTrue(!encoded.startsWith("#"));
            assertEquals(key, TraceKeys.decode(encoded));
        }
        assertEquals("img-1", TraceKeys.encode("img-1"));
        assertThrows(IllegalArgumentException.class, () -> TraceKeys.decode("bad%2"));
    }
}
