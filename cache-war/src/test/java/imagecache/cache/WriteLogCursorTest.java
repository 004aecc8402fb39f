package imagecache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.cache.WriteLogCursor.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteLogCursorTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long SPAN = 15 * SECOND;
    private static final long LEASE = 3 * SECOND;
    private static final long LAPSE = 60 * SECOND;

    private final WriteLogCursor cursor = new WriteLogCursor(SPAN, LEASE, LAPSE);

    @Test
    void servesNothingBeforeItsFirstRead() {
        assertTrue(cursor.mustRestart(0));
        cursor.startAfter(7);
        assertFalse(cursor.vouches(1));
        assertEquals(7, cursor.readAfter(1));
    }

    @Test
    void servesForALeaseAfterTheStartOfItsLastSuccessfulRead() {
        cursor.startAfter(0);
        cursor.read(10 * SECOND, List.of());
        cursor.applied(10 * SECOND);

        assertTrue(cursor.vouches(10 * SECOND + LEASE - 1));
        assertFalse(cursor.vouches(10 * SECOND + LEASE));
    }

    @Test
    void aRowCommittedLateBelowOnesAlreadyReadIsStillApplied() {
        cursor.startAfter(0);
        // row 1 was inserted first but commits after row 2 has been read
        assertEquals(List.of(row(2)), read(SECOND, row(2)));
        assertEquals(0, cursor.readAfter(2 * SECOND));
        assertEquals(List.of(row(1)), read(2 * SECOND, row(1), row(2)));
    }

    @Test
    void eachRowIsAppliedOnce() {
        cursor.startAfter(0);
        read(SECOND, row(1), row(2));
        assertEquals(List.of(row(3)), read(2 * SECOND, row(1), row(2), row(3)));
        assertEquals(List.of(), read(3 * SECOND, row(1), row(2), row(3)));
    }

    @Test
    void readsStartAboveWhatWasSeenOneCommitSpanAgo() {
        cursor.startAfter(0);
        read(SECOND, row(1), row(2));
        read(2 * SECOND, row(1), row(2), row(3));
        assertEquals(0, cursor.readAfter(SECOND + SPAN));
        assertEquals(2, cursor.readAfter(SECOND + SPAN + 1));
        assertEquals(3, cursor.readAfter(2 * SECOND + SPAN + 1));
    }

    @Test
    void aGapLongerThanTheLogKeepsRowsStartsItAgain() {
        cursor.startAfter(0);
        read(SECOND, row(1));
        assertFalse(cursor.mustRestart(SECOND + LAPSE));
        assertTrue(cursor.mustRestart(SECOND + LAPSE + 1));

        cursor.startAfter(40);
        assertEquals(40, cursor.readAfter(SECOND + LAPSE + 2));
        assertFalse(cursor.vouches(SECOND + LAPSE + 2));
    }

    private List<Row> read(long startedNanos, Row... rows) {
        List<Row> fresh = cursor.read(startedNanos, List.of(rows));
        cursor.applied(startedNanos);
        return fresh;
    }

    private static Row row(long seq) {
        return new Row(seq, "key-" + seq, "tag-" + seq);
    }
}
