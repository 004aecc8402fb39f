package imagecache.frontend.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void theChainRunsFromTheFailureToItsInnermostCause() {
        IOException inner = new IOException("disk gone");
        UncheckedIOException middle = new UncheckedIOException("read failed", inner);
        RuntimeException outer = new RuntimeException(middle);
        assertEquals(List.of(outer, middle, inner), Causes.chain(outer).toList());
        assertEquals("disk gone", Causes.rootMessage(outer));
    }

    @Test
    void anInnermostCauseWithoutMessageIsNamedByItsType() {
        assertEquals("NullPointerException", Causes.rootMessage(new RuntimeException(new NullPointerException())));
    }
}
