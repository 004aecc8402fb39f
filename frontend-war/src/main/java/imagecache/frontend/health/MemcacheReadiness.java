package imagecache.frontend.health;

import imagecache.frontend.cacheclient.MemcachePool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the cache WAR answers. */
@Readiness
@ApplicationScoped
public class MemcacheReadiness implements HealthCheck {

    @Inject
    MemcachePool memcache;

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("memcache")
                    .up()
                    .withData("policy", memcache.config().policy())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("memcache")
                    .down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
