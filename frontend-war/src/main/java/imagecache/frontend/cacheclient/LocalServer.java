package imagecache.frontend.cacheclient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP port this server really listens on, learnt from the first request it serves, so that
 * the default CACHE_URL follows {@code --port} and HTTP_PORT instead of assuming 8080.
 */
@ApplicationScoped
public class LocalServer {

    @Inject
    @ConfigProperty(name = "http.port", defaultValue = "8080")
    int configuredPort;

    private volatile int servedPort;

    public int port() {
        int port = servedPort;
        return port > 0 ? port : configuredPort;
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
