package imagecache.frontend.provision;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The provisioner that {@code POOL_PROVISIONER} names: {@code manual} (the default) or {@code local}. */
@ApplicationScoped
public class Provisioners {

    @Inject
    @ConfigProperty(name = "pool.provisioner", defaultValue = "manual")
    String kind;

    @Inject
    @ConfigProperty(name = "imagecache.home")
    Optional<String> home;

    @Inject
    @ConfigProperty(name = "pool.run.dir")
    Optional<String> runFolder;

    @Produces
    @ApplicationScoped
    CacheNodeProvisioner provisioner() {
        return switch (kind.strip().toLowerCase(Locale.ROOT)) {
            case "manual" -> new ManualProvisioner();
            case "local" ->
                new LocalProcessProvisioner(
                        Path.of(home.orElseThrow(() -> new IllegalStateException(
                                "POOL_PROVISIONER=local needs IMAGECACHE_HOME, the folder of start.sh"))),
                        Path.of(
                                runFolder.orElseThrow(
                                        () -> new IllegalStateException(
                                                "POOL_PROVISIONER=local needs POOL_RUN_DIR, where the cache nodes leave their process ids"))));
            default -> throw new IllegalStateException("POOL_PROVISIONER is manual or local, not " + kind);
        };
    }
}
