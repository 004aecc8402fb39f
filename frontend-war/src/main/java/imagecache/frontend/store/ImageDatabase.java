package imagecache.frontend.store;

import imagecache.db.LazyDatabase;
import imagecache.db.MigratedSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The persistence unit of the image tables, made on first use. */
@ApplicationScoped
public class ImageDatabase extends LazyDatabase {

    @Inject
    SchemaMigration schema;

    public ImageDatabase() {
        super("images", "META-INF/images-persistence.xml");
    }

    @Override
    protected MigratedSchema schema() {
        return schema;
    }
}
