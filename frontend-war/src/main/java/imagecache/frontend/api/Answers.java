package imagecache.frontend.api;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** The envelope of every API answer: {@code "success"} as the strings "true" or "false". */
final class Answers {

    private Answers() {}

    static JsonObjectBuilder success() {
        return Json.createObjectBuilder().add("success", "true");
    }

    static JsonObject error(int code, String message) {
        return Json.createObjectBuilder()
                .add("success", "false")
                .add("error", Json.createObjectBuilder().add("code", code).add("message", message))
                .build();
    }
}
