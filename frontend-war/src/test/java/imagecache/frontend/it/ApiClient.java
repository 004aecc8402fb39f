package imagecache.frontend.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Calls the running server's JSON API over HTTP, as a script would. */
public final class ApiClient {

    /** An answer: its status, its raw body, and the body as JSON when it is JSON. */
    public record Answer(int status, byte[] body, HttpResponse<byte[]> response) {
        public JsonObject json() {
            return Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))
                    .readObject();
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public boolean succeeded() {
            return status == 200 && "true".equals(json().getString("success"));
        }

        public String errorMessage() {
            return json().getJsonObject("error").getString("message");
        }

        public int errorCode() {
            return json().getJsonObject("error").getInt("code");
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private final String base;
    /** Sent with every request when not null. */
    private final String bearerToken;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public ApiClient(String base) {
        this(base, null);
    }

    private ApiClient(String base, String bearerToken) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.bearerToken = bearerToken;
    }

    /** This client sending ADMIN_TOKEN's bearer with every request (null: none). */
    public ApiClient withToken(String token) {
        return new ApiClient(base, token);
    }

    public String base() {
        return base;
    }

    public static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public Answer upload(String key, byte[] file) {
        return upload(key == null ? Map.of() : Map.of("key", key), file);
    }

    /** A multipart upload with the given text fields and, unless null, a file part. */
    public Answer upload(Map<String, String> fields, byte[] file) {
        String boundary = "----imagecache" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
                        + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n"));
        if (file != null) {
            write(
                    body,
                    "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"upload.png\"\r\n"
                            + "Content-Type: image/png\r\n\r\n");
            body.writeBytes(file);
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        // like curl, ask before sending a body, so a refused upload is answered without reading it
        return send(HttpRequest.newBuilder(uri("/api/upload"))
                .expectContinue(true)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(BodyPublishers.ofByteArray(body.toByteArray())));
    }

    public Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Answer get(String path, String headerName, String headerValue) {
        return send(HttpRequest.newBuilder(uri(path))
                .header(headerName, headerValue)
                .GET());
    }

    public Answer post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).POST(BodyPublishers.noBody()));
    }

    public Answer postForm(String path, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(formBody(form))));
    }

    /** A form as a browser posts it ({@code application/x-www-form-urlencoded}), in the map's order. */
    public static String formBody(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    /** A request with a header and a body (none when null), as the front end sends the cache WAR. */
    public Answer send(String method, String path, byte[] body, String headerName, String headerValue) {
        return send(HttpRequest.newBuilder(uri(path))
                .header(headerName, headerValue)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body)));
    }

    public Answer delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Answer method(String method, String path) {
        return send(HttpRequest.newBuilder(uri(path)).method(method, BodyPublishers.noBody()));
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Answer send(HttpRequest.Builder request) {
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        try {
            HttpResponse<byte[]> response =
                    http.send(request.timeout(Duration.ofSeconds(60)).build(), BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
