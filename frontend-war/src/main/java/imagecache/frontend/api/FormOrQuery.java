package imagecache.frontend.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A call's parameters as form fields or as query parameters alike (a form field wins), for calls
 * that also come with no body at all: JAX-RS's {@code @FormParam} refuses a call without one, and the
 * servlet request's parameters now and then came back without a form's field, so the form body is
 * read here.
 */
final class FormOrQuery {

    private final UriInfo uri;
    private final HttpHeaders headers;
    private final String body;

    FormOrQuery(UriInfo uri, HttpHeaders headers, String body) {
        this.uri = uri;
        this.headers = headers;
        this.body = body;
    }

    /** The parameter {@code name}, or null when the call has none. */
    String get(String name) {
        MediaType type = headers.getMediaType();
        if (type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE) && body != null) {
            for (String field : body.split("&")) {
                int equals = field.indexOf('=');
                String key = equals < 0 ? field : field.substring(0, equals);
                if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                    return equals < 0 ? "" : URLDecoder.decode(field.substring(equals + 1), StandardCharsets.UTF_8);
                }
            }
        }
        return uri.getQueryParameters().getFirst(name);
    }
}
