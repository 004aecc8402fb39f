package imagecache.frontend.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MinimumRateTest {

    private static final long SECOND = 1_000_000_000L;

    /** 1 KiB/s over 10 s windows, as the server's defaults. */
    private final MinimumRate rate = new MinimumRate(1024, 10 * SECOND, 0);

    @Test
    void aTrickleIsEndedWhenItsFirstWindowCloses() {
        for (int second = 2; second < 10; second += 2) {
            assertNull(rate.record(1, second * SECOND), "not judged before the window ends");
        }
        assertEquals("5 bytes in the last 10 s", rate.record(1, 10 * SECOND));
    }

    @Test
    void aClientThatPausesButCatchesUpWithinTheWindowGoesOn() {
        assertNull(rate.record(0, 9 * SECOND));
        assertNull(rate.record(10 * 1024, 10 * SECOND), "10 KiB in 10 s is exactly the minimum");
        assertNull(rate.record(20 * 1024, 12 * SECOND));
        assertNull(rate.record(0, 20 * SECOND), "each window is judged on its own bytes: 20 KiB in the second");
        assertEquals("0 bytes in the last 11 s", rate.record(0, 31 * SECOND));
    }

    @Test
    void aFastUploadIsNeverEnded() {
        for (int i = 1; i <= 1000; i++) {
            assertNull(rate.record(64 * 1024, i * SECOND / 10));
        }
    }

    @Test
    void aSilentClientIsJudgedOnlyWhenAReadReturns() {
        // a read that returns after 25 s of silence (the listener's read timeout normally ends it first)
        assertEquals("100 bytes in the last 25 s", rate.record(100, 25 * SECOND));
    }
}
