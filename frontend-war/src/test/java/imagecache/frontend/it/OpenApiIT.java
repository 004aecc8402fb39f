package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import imagecache.memcache.protocol.MemcacheProtocol;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JSON API described at {@code /openapi} (MicroProfile OpenAPI) on a server as a plain start.sh
 * runs it, against the reference for people, docs/api.md: every call it names is in the document with
 * its method, its documented errors, the contract's error body and, for admin calls, the admin token;
 * and nothing else is, in particular none of the cache WAR's internal protocol.
 */
class OpenApiIT {

    @RegisterExtension
    static final StartedServers server = StartedServers.shared("plain", StartedServers.PLAIN);

    private static final Set<String> TAGS = Set.of("images", "memcache", "pool", "pool manager");
    private static final String ERROR_SCHEMA = "#/components/schemas/Error";
    /** What the pages' header links to: the document as JSON, which a browser shows. */
    private static final String LINK = "/openapi?format=JSON";

    private static final ApiReference REFERENCE = ApiReference.ofProject();

    private static JsonObject document;

    @BeforeAll
    static void fetchTheDocument() {
        Answer answer = server.api().get("/openapi", "Accept", "application/json");
        assertEquals(200, answer.status(), answer.text());
        assertTrue(answer.header("Content-Type").startsWith("application/json"), answer.header("Content-Type"));
        document = answer.json();
    }

    @Test
    void theReferenceIsReadWhole() {
        // a reference read wrong would name nothing and check nothing
        List<String> named = REFERENCE.calls().stream().map(Object::toString).toList();
        assertTrue(named.size() >= 20, named.toString());
        assertTrue(
                named.containsAll(List.of(
                        "POST /api/upload", "GET /api/key/{key}", "POST /api/key/{key}", "POST /api/configure_cache")),
                named.toString());
        assertTrue(
                REFERENCE.statuses().containsAll(Set.of(400, 404, 413, 503, 507)),
                REFERENCE.statuses().toString());
    }

    @Test
    void theDocumentSaysWhatItDescribes() {
        JsonObject info = document.getJsonObject("info");
        assertEquals("ImageCache", info.getString("title"));
        assertFalse(info.getString("version").isBlank());
        assertTrue(info.getString("description").contains("ADMIN_TOKEN"), info.toString());
        assertTrue(document.getString("openapi").startsWith("3."), document.getString("openapi"));
        JsonObject adminToken = document.getJsonObject("components")
                .getJsonObject("securitySchemes")
                .getJsonObject("adminToken");
        assertEquals("http", adminToken.getString("type"));
        assertEquals("bearer", adminToken.getString("scheme"));
    }

    @Test
    void thePagesLinkToIt() {
        for (String page : List.of("/", "/image.xhtml?key=" + ApiClient.encode("no such key"))) {
            Answer answer = server.api().get(page);
            assertEquals(200, answer.status(), page);
            assertTrue(answer.text().contains("href=\"" + LINK + "\""), page + " links to " + LINK);
        }
        assertEquals(
                document.getJsonObject("paths").keySet(),
                server.api().get(LINK).json().getJsonObject("paths").keySet());
    }

    @Test
    void everyCallTheReferenceNamesIsDescribedWithItsErrors() {
        List<String> missing = new ArrayList<>();
        for (ApiReference.Call call : REFERENCE.calls()) {
            JsonObject operation = operation(call.method(), call.path());
            if (operation == null) {
                missing.add(call + ": not in the document");
                continue;
            }
            Set<Integer> expected = new TreeSet<>(call.errors());
            if (call.admin()) {
                expected.addAll(Set.of(401, 403));
                if (!securedByAdminToken(operation)) {
                    missing.add(call + ": no adminToken security requirement");
                }
            }
            Set<Integer> described = statuses(operation);
            if (!described.contains(200)) {
                missing.add(call + ": no 200 answer");
            }
            for (int status : expected) {
                if (!described.contains(status)) {
                    missing.add(call + ": no " + status + " (the reference names it; described: " + described + ")");
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyErrorTheReferenceListsIsDescribedWithTheContractsBody() {
        JsonObject error =
                document.getJsonObject("components").getJsonObject("schemas").getJsonObject("Error");
        assertEquals(Set.of("success", "error"), strings(error, "required"));
        assertEquals(
                List.of("false"),
                error.getJsonObject("properties")
                        .getJsonObject("success")
                        .getJsonArray("enum")
                        .getValuesAs(JsonString::getString));
        JsonObject detail = error.getJsonObject("properties").getJsonObject("error");
        assertEquals(Set.of("code", "message"), strings(detail, "required"));
        assertEquals(
                "integer",
                detail.getJsonObject("properties").getJsonObject("code").getString("type"));
        assertEquals(
                "string",
                detail.getJsonObject("properties").getJsonObject("message").getString("type"));

        Set<Integer> described = new TreeSet<>();
        List<String> bodies = new ArrayList<>();
        forEachOperation((method, path, operation) -> {
            JsonObject responses = operation.getJsonObject("responses");
            for (String status : responses.keySet()) {
                if (!status.matches("\\d{3}")) {
                    continue; // "default": whatever the others do not cover
                }
                int code = Integer.parseInt(status);
                described.add(code);
                if (code >= 400 && !errorBody(resolve(responses.getJsonObject(status)))) {
                    bodies.add(method + " " + path + " " + status + ": not the contract's error body");
                }
            }
        });
        assertEquals(List.of(), bodies);
        // 405 answers a method that no path has, so no operation can describe it
        Set<Integer> listed = new TreeSet<>(REFERENCE.statuses());
        listed.remove(405);
        listed.removeAll(described);
        assertEquals(Set.of(), listed, "statuses of docs/api.md's table that no call describes");
    }

    @Test
    void theDocumentDescribesTheReferencesCallsAndNoOthers() {
        Set<String> named = REFERENCE.calls().stream().map(Object::toString).collect(Collectors.toSet());
        Set<String> cacheWar = Set.of(
                        MemcacheProtocol.ENTRIES,
                        MemcacheProtocol.CONFIG,
                        MemcacheProtocol.STATS,
                        MemcacheProtocol.HISTORY,
                        MemcacheProtocol.TRACE,
                        MemcacheProtocol.LEAVE)
                .stream()
                .map(path -> "/" + MemcacheProtocol.API + "/" + path)
                .collect(Collectors.toSet());
        List<String> others = new ArrayList<>();
        forEachOperation((method, path, operation) -> {
            String call = method + " " + path;
            assertFalse(cacheWar.contains(path) || path.startsWith("/cache/"), call + ": the cache WAR's protocol");
            // docs/api.md names the by-key calls' query form in its Keys section: /api/key?key=...
            if (!named.contains(call) && !path.equals("/api/key")) {
                others.add(call);
            }
            Set<String> tags = strings(operation, "tags");
            if (tags.size() != 1 || !TAGS.containsAll(tags)) {
                others.add(call + ": tags " + tags);
            }
            if (!operation.containsKey("summary")) {
                others.add(call + ": no summary");
            }
        });
        assertEquals(List.of(), others, "operations docs/api.md does not name, or without a tag or summary");
    }

    @Test
    void theUploadTakesAKeyAndAFileAsMultipart() {
        JsonObject body = operation("POST", "/api/upload").getJsonObject("requestBody");
        assertTrue(body.getBoolean("required", false));
        JsonObject schema = resolveSchema(body.getJsonObject("content")
                .getJsonObject("multipart/form-data")
                .getJsonObject("schema"));
        assertEquals(Set.of("key", "file"), strings(schema, "required"));
        assertEquals(
                "binary",
                schema.getJsonObject("properties").getJsonObject("file").getString("format"));
        JsonObject key =
                operation("GET", "/api/key/{key}").getJsonArray("parameters").getValuesAs(JsonObject.class).stream()
                        .filter(parameter -> parameter.getString("name").equals("key"))
                        .findFirst()
                        .orElseThrow();
        assertEquals("path", key.getString("in"));
    }

    @Test
    void pathsAreTemplatesAndBodiesFormsOrMultipart() {
        // what the scan infers from the Java signatures is tidied (OpenApiFilter): JAX-RS's regex
        // templates, and the "*/*" or JSON-string bodies no call takes
        List<String> untidy = new ArrayList<>();
        forEachOperation((method, path, operation) -> {
            if (path.contains(":")) {
                untidy.add(method + " " + path + ": a regular expression in the template");
            }
            JsonObject body = operation.getJsonObject("requestBody");
            if (body != null
                    && !Set.of("multipart/form-data", "application/x-www-form-urlencoded")
                            .containsAll(body.getJsonObject("content").keySet())) {
                untidy.add(method + " " + path + ": a body of "
                        + body.getJsonObject("content").keySet());
            }
        });
        assertEquals(List.of(), untidy);
    }

    // ---- reading the document ----

    private interface OperationVisitor {
        void visit(String method, String path, JsonObject operation);
    }

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete", "head", "options");

    private static void forEachOperation(OperationVisitor visitor) {
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.keySet()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : METHODS) {
                if (item.containsKey(method)) {
                    visitor.visit(method.toUpperCase(Locale.ROOT), path, item.getJsonObject(method));
                }
            }
        }
    }

    private static JsonObject operation(String method, String path) {
        JsonObject item = document.getJsonObject("paths").getJsonObject(path);
        return item == null ? null : item.getJsonObject(method.toLowerCase(Locale.ROOT));
    }

    private static Set<Integer> statuses(JsonObject operation) {
        return operation.getJsonObject("responses").keySet().stream()
                .filter(status -> status.matches("\\d{3}"))
                .map(Integer::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean securedByAdminToken(JsonObject operation) {
        return operation.containsKey("security")
                && operation.getJsonArray("security").getValuesAs(JsonObject.class).stream()
                        .anyMatch(requirement -> requirement.containsKey("adminToken"));
    }

    /** An answer is the contract's error when its JSON body is the Error schema. */
    private static boolean errorBody(JsonObject response) {
        JsonObject content = response.getJsonObject("content");
        if (content == null || !content.containsKey("application/json")) {
            return false;
        }
        JsonObject schema = content.getJsonObject("application/json").getJsonObject("schema");
        return schema != null && ERROR_SCHEMA.equals(schema.getString("$ref", null));
    }

    /** A response, or the one of components/responses it refers to. */
    private static JsonObject resolve(JsonObject response) {
        String ref = response.getString("$ref", null);
        if (ref == null) {
            return response;
        }
        String prefix = "#/components/responses/";
        assertTrue(ref.startsWith(prefix), ref);
        JsonObject target = document.getJsonObject("components")
                .getJsonObject("responses")
                .getJsonObject(ref.substring(prefix.length()));
        assertTrue(target != null, ref + " is not in the document");
        return target;
    }

    private static JsonObject resolveSchema(JsonObject schema) {
        String ref = schema.getString("$ref", null);
        if (ref == null) {
            return schema;
        }
        String prefix = "#/components/schemas/";
        assertTrue(ref.startsWith(prefix), ref);
        return document.getJsonObject("components")
                .getJsonObject("schemas")
                .getJsonObject(ref.substring(prefix.length()));
    }

    private static Set<String> strings(JsonObject object, String name) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() != JsonValue.ValueType.ARRAY) {
            return Set.of();
        }
        return Set.copyOf(object.getJsonArray(name).getValuesAs(JsonString::getString));
    }
}
