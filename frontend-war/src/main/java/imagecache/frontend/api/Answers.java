package imagecache.frontend.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The envelope of every API answer: {@code "success"} as the strings "true" or "false". */
final class Answers {

    /** Looked up once: {@code Json.create...} searches the class path for a provider on every call. */
    static final JsonProvider JSON = JsonProvider.provider();

    private Answers() {}

    static JsonObjectBuilder success() {
        return JSON.createObjectBuilder().add("success", "true");
    }

    static JsonObject error(int code, String message) {
        return JSON.createObjectBuilder()
                .add("success", "false")
                .add("error", JSON.createObjectBuilder().add("code", code).add("message", message))
                .build();
    }

    /** Sends {@link #error} from a servlet or filter (JAX-RS resources return it through {@link ApiErrorMapper}). */
    static void sendError(HttpServletResponse response, int status, String message) throws IOException {
        byte[] bytes = error(status, message).toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
