package imagecache.frontend.cacheclient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The port of the cache WAR on this server, for the default CACHE_URL: the cache listener's
 * (CACHE_PORT, which start.sh and server-config set up), else the port this server really serves
 * on, learnt from the first request, so that it follows {@code --port} instead of assuming 5000.
 */
@ApplicationScoped
public class LocalServer {

    @Inject
    @ConfigProperty(name = "http.port", defaultValue = "5000")
    int configuredPort;

    @Inject
    @ConfigProperty(name = "cache.port")
    Optional<Integer> cachePort;

    private volatile int servedPort;

    public int cachePort() {
        int port = servedPort;
        return cachePort.orElse(port > 0 ? port : configuredPort);
    }

    void served(int port) {
        if (servedPort == 0) {
            servedPort = port;
        }
    }

    /** Tells {@link LocalServer} the port of each request until it knows it. */
    @WebListener
    public static class PortListener implements ServletRequestListener {

        @Inject
        LocalServer server;

        @Override
        public void requestInitialized(ServletRequestEvent event) {
            server.served(event.getServletRequest().getLocalPort());
        }
    }
}
