package imagecache.cache.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import imagecache.cache.ReplacementPolicy;
import imagecache.cache.store.MemcacheConfigRow;
import imagecache.cache.store.MemcacheConfigStore;
import imagecache.cache.store.SchemaMigration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stored configuration: restored at start or once the database is there, stored first, followed. */
class MemcacheConfigurationTest {

    private static final MemcacheSettings DEFAULTS = new MemcacheSettings(10, ReplacementPolicy.LRU);
    private static final MemcacheSettings STORED = new MemcacheSettings(20, ReplacementPolicy.RANDOM);

    /** The database's one configuration row, and every save. */
    private static final class FakeStore extends MemcacheConfigStore {
        MemcacheSettings row;
        final List<MemcacheSettings> saved = new ArrayList<>();
        boolean down;

        @Override
        public Optional<MemcacheConfigRow> load() {
            failIfDown();
            MemcacheSettings settings = row;
            return Optional.ofNullable(settings).map(s -> new MemcacheConfigRow() {
                @Override
                public int capacityMB() {
                    return s.capacityMB();
                }

                @Override
                public String policy() {
                    return s.policy().name();
                }
            });
        }

        @Override
        public void save(int capacityMB, String policy) {
            failIfDown();
            row = MemcacheSettings.of(capacityMB, policy);
            saved.add(row);
        }

        private void failIfDown() {
            if (down) {
                throw new IllegalStateException("database down");
            }
        }
    }

    private static final class FakeSchema extends SchemaMigration {
        boolean migrated = true;

        @Override
        public boolean isMigrated() {
            return migrated;
        }
    }

    private final FakeStore store = new FakeStore();
    private final FakeSchema schema = new FakeSchema();
    private final ManualScheduler scheduler = new ManualScheduler();
    private MemcacheService memcache;
    private MemcacheConfiguration configuration;

    @BeforeEach
    void wire() {
        memcache = Beans.memcache(1.0);
        configuration = new MemcacheConfiguration();
        configuration.memcache = memcache;
        configuration.defaults = Beans.defaults();
        configuration.configStore = store;
        configuration.schema = schema;
        configuration.scheduler = scheduler.executor();
    }

    @Test
    void theStoredConfigurationIsAppliedAtStart() {
        store.row = STORED;
        configuration.start();
        assertEquals(STORED, memcache.settings());
        assertEquals(5, scheduler.scheduled.get(0).period());
        assertEquals(TimeUnit.SECONDS, scheduler.scheduled.get(0).unit());
        configuration.stop();
        assertEquals(1, scheduler.cancelled);
    }

    @Test
    void withNoneStoredTheDefaultsAreStored() {
        configuration.start();
        assertEquals(List.of(DEFAULTS), store.saved);
        assertEquals(DEFAULTS, memcache.settings());
    }

    @Test
    void aDatabaseThatComesLaterIsRestoredFromOnTheSchedule() {
        schema.migrated = false;
        store.row = STORED;
        configuration.start();
        assertEquals(DEFAULTS, memcache.settings());
        scheduler.tick();
        assertEquals(DEFAULTS, memcache.settings());
        schema.migrated = true;
        store.down = true;
        scheduler.tick();
        assertEquals(DEFAULTS, memcache.settings());
        store.down = false;
        scheduler.tick();
        assertEquals(STORED, memcache.settings());
    }

    @Test
    void aChangeAnotherNodeStoredIsFollowedWithoutStoringItAgain() {
        configuration.start();
        store.saved.clear();
        store.row = STORED;
        scheduler.tick();
        assertEquals(STORED, memcache.settings());
        assertEquals(List.of(), store.saved);
        // a database gone away meanwhile changes nothing and ends nothing
        store.down = true;
        scheduler.tick();
        assertEquals(STORED, memcache.settings());
    }

    @Test
    void aChangeIsStoredFirstSoThatAFailingDatabaseChangesNothing() {
        configuration.start();
        assertEquals(STORED, configuration.configure(STORED));
        assertEquals(STORED, store.row);
        assertEquals(STORED, memcache.settings());
        store.down = true;
        assertThrows(IllegalStateException.class, () -> configuration.refreshToDefaults());
        assertEquals(STORED, memcache.settings());
        store.down = false;
        assertEquals(DEFAULTS, configuration.refreshToDefaults());
        assertEquals(DEFAULTS, store.row);
        assertEquals(DEFAULTS, memcache.settings());
    }
}
