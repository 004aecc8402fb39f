package imagecache.frontend.api;

import imagecache.frontend.service.PoolResizer;
import imagecache.frontend.service.PoolResizer.PoolState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The memcache pool's size: its nodes and target, and the resizes. Parameters come as form fields or
 * as query parameters alike, and a call needs no body at all, so the form body is read here: JAX-RS's
 * {@code @FormParam} refuses a call without one, and the servlet request's parameters now and then
 * came back without a form's field (a shrink of a named node stopped another one).
 */
@ApplicationScoped
@Path("cache/pool")
@Produces(MediaType.APPLICATION_JSON)
public class PoolResource {

    @Inject
    PoolResizer pool;

    @GET
    public JsonObject state() {
        return answer(pool.state());
    }

    @AdminOnly
    @POST
    @Path("grow")
    public JsonObject grow() {
        return answer(pool.grow());
    }

    @AdminOnly
    @POST
    @Path("shrink")
    public JsonObject shrink(@QueryParam("node") String inQuery, @Context HttpHeaders headers, String body) {
        return answer(pool.shrink(parameter("node", inQuery, headers, body)));
    }

    @AdminOnly
    @POST
    @Path("target")
    public JsonObject resize(@QueryParam("size") String inQuery, @Context HttpHeaders headers, String body) {
        return answer(pool.resizeTo(parameter("size", inQuery, headers, body)));
    }

    /** The form field {@code name} of a form body, else the query parameter (null: neither). */
    private static String parameter(String name, String inQuery, HttpHeaders headers, String body) {
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
        return inQuery;
    }

    private static JsonObject answer(PoolState state) {
        JsonArrayBuilder nodes = Answers.JSON.createArrayBuilder();
        state.nodes().forEach(node -> {
            JsonObjectBuilder entry = Answers.JSON
                    .createObjectBuilder()
                    .add("id", node.node())
                    .add("url", node.url())
                    .add("state", node.state());
            if (node.stats() != null) {
                entry.add("items", node.stats().items());
            }
            nodes.add(entry);
        });
        return Answers.success()
                .add("target", state.target())
                .add("changing", state.changing())
                .add("provisioner", state.provisioner())
                .add("maxNodes", state.maxNodes())
                .add("nodes", nodes)
                .build();
    }
}
