package imagecache.frontend.api;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Lets at most UPLOADS_IN_FLIGHT uploads (multipart requests: the API's and the page's) be received
 * at once, well below the server's request threads. A body is read with a blocking thread, so
 * without this a few hundred clients that send their uploads slowly would hold every thread and
 * nothing else would be answered. The next upload is refused at once with 503 and Retry-After,
 * before its body is read; the listener drops the rest of its body without a thread and then closes
 * the connection.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class UploadGate extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    @ConfigProperty(name = "uploads.in.flight", defaultValue = "64")
    int uploadsInFlight;

    @Inject
    @ConfigProperty(name = "uploads.retry.after.seconds", defaultValue = "2")
    int retryAfterSeconds;

    private Semaphore slots;

    @Override
    public void init() {
        slots = new Semaphore(Math.max(1, uploadsInFlight));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!isUpload(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (!slots.tryAcquire()) {
            response.setHeader("Retry-After", String.valueOf(retryAfterSeconds));
            response.setHeader("Connection", "close");
            Answers.sendError(
                    response,
                    503,
                    "Too many uploads in progress (" + uploadsInFlight + "); try again in " + retryAfterSeconds + " s");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            slots.release();
        }
    }

    private static boolean isUpload(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }
}
