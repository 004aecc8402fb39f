package imagecache.frontend.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

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
}
