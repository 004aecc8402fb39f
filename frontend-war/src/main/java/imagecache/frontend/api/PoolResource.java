package imagecache.frontend.api;

import imagecache.frontend.service.PoolResizer;
import imagecache.frontend.service.PoolResizer.PoolState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * The memcache pool's size: its nodes and target, and the resizes. Parameters come as form fields or
 * as query parameters alike, and a call needs no body at all: the servlet request's parameters hold
 * both ({@code @FormParam} would refuse a call without a form body).
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
    public JsonObject shrink(@Context HttpServletRequest request) {
        return answer(pool.shrink(request.getParameter("node")));
    }

    @AdminOnly
    @POST
    @Path("target")
    public JsonObject resize(@Context HttpServletRequest request) {
        return answer(pool.resizeTo(request.getParameter("size")));
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
