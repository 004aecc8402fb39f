package imagecache.frontend.health;

import imagecache.frontend.store.ImageFiles;
import imagecache.frontend.store.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while uploads can be stored: IMAGES_DIR is writable and not full. */
@Readiness
@ApplicationScoped
public class ImageStoreReadiness implements HealthCheck {

    @Inject
    ImageFiles files;

    @Override
    public HealthCheckResponse call() {
        StoreHealth health = files.health();
        HealthCheckResponseBuilder check = HealthCheckResponse.named("image-store")
                .status(health.problem() == null)
                .withData("usableBytes", health.usableBytes());
        return health.problem() == null
                ? check.build()
                : check.withData("error", health.problem()).build();
    }
}
