package imagecache.frontend.api;

import imagecache.frontend.service.PoolResizer;
import imagecache.frontend.service.PoolResizer.PoolState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The memcache pool's size: its nodes and target, and the resizes. Parameters come as form fields or
 * as query parameters alike (one method for each, since a form field needs a form body).
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
    public JsonObject shrink(@QueryParam("node") String node) {
        return answer(pool.shrink(node));
    }

    @AdminOnly
    @POST
    @Path("shrink")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public JsonObject shrinkForm(@FormParam("node") String node, @QueryParam("node") String query) {
        return answer(pool.shrink(node != null ? node : query));
    }

    @AdminOnly
    @POST
    @Path("target")
    public JsonObject resize(@QueryParam("size") String size) {
        return answer(pool.resizeTo(size));
    }

    @AdminOnly
    @POST
    @Path("target")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public JsonObject resizeForm(@FormParam("size") String size, @QueryParam("size") String query) {
        return answer(pool.resizeTo(size != null ? size : query));
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
