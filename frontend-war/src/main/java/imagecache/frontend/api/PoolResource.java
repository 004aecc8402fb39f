package imagecache.frontend.api;

import static imagecache.frontend.api.ApiApplication.ADMIN_TOKEN;
import static imagecache.frontend.api.ApiApplication.BAD_REQUEST;
import static imagecache.frontend.api.ApiApplication.CONFLICT;
import static imagecache.frontend.api.ApiApplication.FORBIDDEN;
import static imagecache.frontend.api.ApiApplication.INTERNAL_ERROR;
import static imagecache.frontend.api.ApiApplication.POOL;
import static imagecache.frontend.api.ApiApplication.UNAUTHORIZED;
import static imagecache.frontend.api.ApiApplication.UNAVAILABLE;

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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The memcache pool's size: its nodes and target, and the resizes. Parameters come as form fields or
 * as query parameters alike ({@link FormOrQuery}: the servlet request's parameters now and then came
 * back without a form's field, and a shrink of a named node stopped another one).
 */
@ApplicationScoped
@Path("cache/pool")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = POOL, description = "the memcache pool's size, its resizes and the auto-scaler's decisions")
public class PoolResource {

    /** How the parameters may come besides the query ({@link FormOrQuery}). */
    static final String AS_FORM =
            "The parameters may come as form fields instead of query parameters;" + " a form field wins.";

    @Inject
    PoolResizer pool;

    @Inject
    AutoScaler autoScaler;

    @GET
    @Operation(
            summary = "The pool's target size, its nodes and whether a resize is under way",
            description = "A plain server is a pool of one: target 1, its own node.")
    @APIResponse(
            responseCode = "200",
            description = "the pool",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Pool")))
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject state() {
        return answer(pool.state());
    }

    /** The auto-scaler's latest decisions, newest first, each with what it went by and why. */
    @GET
    @Path("decisions")
    @Operation(summary = "The auto-scaler's decisions of the last hour, newest first (at most 100)")
    @APIResponse(
            responseCode = "200",
            description = "the decisions, also those that changed nothing, each with its reason",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Decisions")))
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
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
    @Operation(summary = "One cache node more")
    @SecurityRequirement(name = ADMIN_TOKEN)
    @APIResponse(
            responseCode = "200",
            description = "the pool with its new target, changing",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Pool")))
    @APIResponse(
            responseCode = "400",
            description = "the pool would have more than POOL_MAX_NODES (8); nothing changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiApplication.ERROR)))
    @APIResponse(responseCode = "401", ref = UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = FORBIDDEN)
    @APIResponse(responseCode = "409", ref = CONFLICT)
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject grow() {
        return answer(pool.grow());
    }

    @AdminOnly
    @POST
    @Path("shrink")
    @Operation(summary = "One cache node fewer: the one named, else the one that holds the fewest keys")
    @SecurityRequirement(name = ADMIN_TOKEN)
    // in @Parameters: Payara's scan drops a lone method-level @Parameter that names no Java parameter
    @Parameters({
        @Parameter(
                name = "node",
                in = ParameterIn.QUERY,
                description = "the node to stop, by its id or url (as GET /api/cache/pool lists them)")
    })
    @RequestBody(
            description = AS_FORM,
            content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(ref = "Form")))
    @APIResponse(
            responseCode = "200",
            description = "the pool with its new target, changing",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Pool")))
    @APIResponse(
            responseCode = "400",
            description = "the pool would have no node, or no node has that id or url; nothing changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ApiApplication.ERROR)))
    @APIResponse(responseCode = "401", ref = UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = FORBIDDEN)
    @APIResponse(responseCode = "409", ref = CONFLICT)
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject shrink(@Context UriInfo uri, @Context HttpHeaders headers, String body) {
        return answer(pool.shrink(new FormOrQuery(uri, headers, body).get("node")));
    }

    @AdminOnly
    @POST
    @Path("target")
    @Operation(summary = "Resize the pool to size cache nodes")
    @SecurityRequirement(name = ADMIN_TOKEN)
    @Parameters({
        @Parameter(
                name = "size",
                in = ParameterIn.QUERY,
                required = true,
                description = "the number of cache nodes, 1 to POOL_MAX_NODES (8)",
                schema = @Schema(ref = "PoolSize"))
    })
    @RequestBody(
            description = AS_FORM,
            content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(ref = "Form")))
    @APIResponse(
            responseCode = "200",
            description = "the pool with its new target",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Pool")))
    @APIResponse(responseCode = "400", ref = BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = FORBIDDEN)
    @APIResponse(responseCode = "409", ref = CONFLICT)
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
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
