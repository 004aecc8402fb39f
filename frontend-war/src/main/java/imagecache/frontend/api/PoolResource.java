package imagecache.frontend.api;

import imagecache.frontend.domain.ScalingDecision;
import imagecache.frontend.service.AutoScaler;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * The memcache pool's size: its nodes and target, and the resizes. Parameters come as form fields or
 * as query parameters alike ({@link FormOrQuery}: the servlet request's parameters now and then came
 * back without a form's field, and a shrink of a named node stopped another one).
 */
@ApplicationScoped
@Path("cache/pool")
@Produces(MediaType.APPLICATION_JSON)
public class PoolResource {

    @Inject
    PoolResizer pool;

    @Inject
    AutoScaler autoScaler;

    @GET
    public JsonObject state() {
        return answer(pool.state());
    }

    /** The auto-scaler's latest decisions, newest first, each with what it went by and why. */
    @GET
    @Path("decisions")
    public JsonObject decisions() {
        JsonArrayBuilder decisions = Answers.JSON.createArrayBuilder();
        for (ScalingDecision decision : autoScaler.decisions()) {
            JsonObjectBuilder bySize = Answers.JSON.createObjectBuilder();
            decision.hitRateBySize().forEach((size, rate) -> bySize.add(String.valueOf(size), rate));
            decisions.add(Answers.JSON
                    .createObjectBuilder()
                    .add("at", decision.at().toString())
                    .add("scaler", decision.rule().label())
                    .add("from", decision.from())
                    .add("to", decision.to())
                    .add("requests", decision.requests())
                    .add("missRate", decision.missRate())
                    .add("hitRateBySize", bySize)
                    .add("reason", decision.reason()));
        }
        return Answers.success().add("decisions", decisions).build();
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
    public JsonObject shrink(@Context UriInfo uri, @Context HttpHeaders headers, String body) {
        return answer(pool.shrink(new FormOrQuery(uri, headers, body).get("node")));
    }

    @AdminOnly
    @POST
    @Path("target")
    public JsonObject resize(@Context UriInfo uri, @Context HttpHeaders headers, String body) {
        return answer(pool.resizeTo(new FormOrQuery(uri, headers, body).get("size")));
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
