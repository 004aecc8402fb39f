package imagecache.frontend.cacheclient;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Cache WARs that stopped answering. A node that let a call wait out its timeout is skipped by every
 * later call, which then counts as a miss at once, until a probe in the background finds it
 * answering again. So a hung node costs each front end one timeout, not one per request, for as
 * long as the grid still lists it (up to its heartbeat timeout). A node that refuses connections
 * costs nothing to try and is not skipped.
 */
@ApplicationScoped
public class NodeHealth {

    private static final Logger LOG = Logger.getLogger(NodeHealth.class.getName());

    @Inject
    @ConfigProperty(name = "cache.probe.ms", defaultValue = "1000")
    int probeMs;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Set<String> down = ConcurrentHashMap.newKeySet();
    private Client probes;
    private ScheduledFuture<?> probing;

    @PostConstruct
    void open() {
        probes = ClientBuilder.newBuilder()
                .connectTimeout(probeMs, TimeUnit.MILLISECONDS)
                .readTimeout(probeMs, TimeUnit.MILLISECONDS)
                .build();
        probing = scheduler.scheduleWithFixedDelay(this::probe, probeMs, probeMs, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void close() {
        probing.cancel(false);
        probes.close();
    }

    public boolean isDown(MemcacheNode node) {
        return down.contains(node.url());
    }

    void failed(MemcacheNode node, String reason) {
        if (down.add(node.url())) {
            LOG.warning("Memcache node " + node.url() + " skipped until it answers again: " + reason);
        }
    }

    private void probe() {
        for (String url : down) {
            try (Response answer =
                    probes.target(url).path("api/config").request().get()) {
                if (answer.getStatus() < 500) {
                    down.remove(url);
                    LOG.info("Memcache node " + url + " answers again");
                }
            } catch (RuntimeException e) {
                // still down
            }
        }
    }
}
