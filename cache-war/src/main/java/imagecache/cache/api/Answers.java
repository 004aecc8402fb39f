package imagecache.cache.api;

import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The cache WAR's JSON answers written by hand: every refusal is {@code {"error": message}}, whether
 * the servlet, the token filter or the JAX-RS error mapper gives it.
 */
final class Answers {

    /** Looked up once: {@code Json.create...} searches the class path for a provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private Answers() {}

    static String error(String message) {
        return JSON.createObjectBuilder()
                .add("error", String.valueOf(message))
                .build()
                .toString();
    }

    static void sendError(HttpServletResponse response, int status, String message) throws IOException {
        send(response, status, error(message));
    }

    static void send(HttpServletResponse response, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
