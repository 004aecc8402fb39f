package imagecache.cache.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.cache.store.MemcacheStatsRow;
import imagecache.cache.store.MemcacheStatsStore;
import imagecache.memcache.protocol.MemcacheProtocol;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The statistics samples: the traffic between two under the node's name, and every node's read back. */
class StatsSamplerTest {

    /** The stats table in memory. */
    private static final class FakeStore extends MemcacheStatsStore {
        final List<MemcacheStatsRow> rows = new ArrayList<>();
        LocalDateTime askedSince;
        LocalDateTime prunedBefore;
        boolean down;

        @Override
        public void append(MemcacheStatsRow sample) {
            if (down) {
                throw new IllegalStateException("database down");
            }
            rows.add(sample);
        }

        @Override
        public List<MemcacheStatsRow> since(LocalDateTime since) {
            askedSince = since;
            return List.copyOf(rows);
        }

        @Override
        public int pruneBefore(LocalDateTime cutoff) {
            prunedBefore = cutoff;
            return 0;
        }
    }

    private final FakeStore store = new FakeStore();
    private final ManualScheduler scheduler = new ManualScheduler();
    private MemcacheService memcache;
    private StatsSampler sampler;

    @BeforeEach
    void wire() {
        memcache = Beans.memcache(1.0);
        sampler = new StatsSampler();
        sampler.memcache = memcache;
        sampler.statsStore = store;
        sampler.retentionHours = 24;
        sampler.scheduler = scheduler.executor();
    }

    private void read(String key, int times) {
        for (int i = 0; i < times; i++) {
            memcache.get(key);
        }
    }

    @Test
    void eachSampleHoldsTheTrafficSinceThePreviousUnderTheNodesName() {
        read("a", 3);
        sampler.start();
        assertEquals(5, scheduler.scheduled.get(0).period());
        assertEquals(TimeUnit.SECONDS, scheduler.scheduled.get(0).unit());
        memcache.put("a", "image".getBytes(StandardCharsets.UTF_8), "t");
        read("a", 2);
        read("b", 1);
        scheduler.tick();
        MemcacheStatsRow first = store.rows.get(0);
        assertEquals(MemcacheProtocol.LOCAL_NODE, first.node());
        assertEquals(1, first.items());
        assertEquals(3, first.requests());
        assertEquals(2, first.hits());
        assertEquals(1, first.misses());
        assertEquals(first.sampledAt().minusHours(24), store.prunedBefore);
        memcache.joinPool("node-1", key -> true);
        read("a", 1);
        scheduler.tick();
        MemcacheStatsRow second = store.rows.get(1);
        assertEquals("node-1", second.node());
        assertEquals(1, second.requests());
        assertEquals(1, second.hits());
        sampler.stop();
        assertEquals(1, scheduler.cancelled);
    }

    @Test
    void aSampleTheDatabaseRefusesIsLostButTheScheduleGoesOn() {
        sampler.start();
        store.down = true;
        read("a", 2);
        scheduler.tick();
        store.down = false;
        read("a", 1);
        scheduler.tick();
        assertEquals(1, store.rows.size());
        assertEquals(1, store.rows.get(0).requests(), "the traffic since the sample that was lost");
    }

    @Test
    void theHistoryIsEveryNodesSamplesOfTheLastTenMinutesAsStored() {
        LocalDateTime at = LocalDateTime.of(2026, 12, 4, 12, 0, 0);
        store.rows.add(new MemcacheStatsRow("node-1", at, 1, 100, 1_000, 4, 3, 1, 0));
        store.rows.add(new MemcacheStatsRow("node-2", at.plusSeconds(1), 2, 200, 1_000, 0, 0, 0, 0));
        List<NodeSample> history = sampler.history();
        assertEquals(
                List.of(
                        new NodeSample("node-1", Instant.parse("2026-12-04T12:00:00Z"), 1, 100, 4, 3, 1),
                        new NodeSample("node-2", Instant.parse("2026-12-04T12:00:01Z"), 2, 200, 0, 0, 0)),
                history);
        assertEquals(0.75, history.get(0).hitRate());
        assertEquals(0.0, history.get(1).missRate());
        Duration back = Duration.between(store.askedSince, LocalDateTime.now(Clock.systemUTC()));
        assertTrue(
                back.compareTo(Duration.ofMinutes(10)) >= 0 && back.compareTo(Duration.ofMinutes(11)) < 0,
                back::toString);
    }
}
