package imagecache.cache.store;

import imagecache.db.LazyDatabase;
import imagecache.db.MigratedSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The persistence unit of the memcache's configuration and statistics tables, made on first use. */
@ApplicationScoped
public class MemcacheDatabase extends LazyDatabase {

    @Inject
    SchemaMigration schema;

    public MemcacheDatabase() {
        super("memcache", "META-INF/memcache-persistence.xml");
    }

    @Override
    protected MigratedSchema schema() {
        return schema;
    }
}
