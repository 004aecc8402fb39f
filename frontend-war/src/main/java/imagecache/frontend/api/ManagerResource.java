package imagecache.frontend.api;

import static imagecache.frontend.api.ApiApplication.ADMIN_TOKEN;
import static imagecache.frontend.api.ApiApplication.CONFLICT;
import static imagecache.frontend.api.ApiApplication.ERROR;
import static imagecache.frontend.api.ApiApplication.FORBIDDEN;
import static imagecache.frontend.api.ApiApplication.INTERNAL_ERROR;
import static imagecache.frontend.api.ApiApplication.POOL_MANAGER;
import static imagecache.frontend.api.ApiApplication.UNAUTHORIZED;
import static imagecache.frontend.api.ApiApplication.UNAVAILABLE;

import imagecache.frontend.service.PoolManager;
import imagecache.frontend.service.PoolManager.Configuration;
import imagecache.frontend.service.PoolManager.Configured;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
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
 * The pool manager's calls in the course's shape ({@code success} as the string {@code "true"}):
 * configure the pool, how many nodes serve, the pool's hit or miss rate over the last minute.
 * Parameters as form fields or query parameters alike ({@link FormOrQuery}).
 */
@ApplicationScoped
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = POOL_MANAGER, description = "the course's pool manager calls, in its answer shape")
public class ManagerResource {

    @Inject
    PoolManager manager;

    @AdminOnly
    @POST
    @Path("configure_cache")
    @Operation(
            summary = "Configure the pool: mode, size, each node's capacity and policy, the auto-scaler's ratios"
                    + " and thresholds",
            description = "Any subset; what is left out stays. The values are checked first, then the nodes'"
                    + " capacity and policy change, then the mode and thresholds, then the size.")
    @SecurityRequirement(name = ADMIN_TOKEN)
    @Parameter(
            name = "mode",
            in = ParameterIn.QUERY,
            description = "manual, or auto: the auto-scaler decides the size",
            schema = @Schema(ref = "Mode"))
    @Parameter(
            name = "numNodes",
            in = ParameterIn.QUERY,
            description = "the pool's target size, 1 to POOL_MAX_NODES (8)",
            schema = @Schema(ref = "PoolSize"))
    @Parameter(
            name = "cacheSize",
            in = ParameterIn.QUERY,
            description = "MB per node, a whole number from 1",
            schema = @Schema(ref = "Megabytes"))
    @Parameter(
            name = "policy",
            in = ParameterIn.QUERY,
            description = "LRU, RR or RANDOM, TINYLFU; echoed as sent",
            schema = @Schema(ref = "Policy"))
    @Parameter(
            name = "expRatio",
            in = ParameterIn.QUERY,
            description = "the auto-scaler's growth factor, greater than 1 (2.0 doubles the nodes)",
            schema = @Schema(ref = "ExpRatio"))
    @Parameter(
            name = "shrinkRatio",
            in = ParameterIn.QUERY,
            description = "the auto-scaler's shrink factor, between 0 and 1 (0.5 halves the nodes)",
            schema = @Schema(ref = "ShrinkRatio"))
    @Parameter(
            name = "maxMiss",
            in = ParameterIn.QUERY,
            description = "the miss rate (0 to 1) above which the auto-scaler grows the pool",
            schema = @Schema(ref = "MissRate"))
    @Parameter(
            name = "minMiss",
            in = ParameterIn.QUERY,
            description = "the miss rate (0 to 1, below maxMiss) under which the auto-scaler shrinks the pool",
            schema = @Schema(ref = "MissRate"))
    @Parameter(
            name = "scaler",
            in = ParameterIn.QUERY,
            description = "the auto-scaler's rule: threshold (the miss rates and ratios above) or target (the size"
                    + " the pool's hit-rate curve says reaches targetHit)",
            schema = @Schema(ref = "Scaler"))
    @Parameter(
            name = "targetHit",
            in = ParameterIn.QUERY,
            description = "the hit rate the target rule sizes the pool for, greater than 0 and less than 1",
            schema = @Schema(ref = "TargetHit"))
    @RequestBody(
            description = PoolResource.AS_FORM,
            content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(ref = "Form")))
    @APIResponse(
            responseCode = "200",
            description = "what is in force now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Configured")))
    @APIResponse(
            responseCode = "400",
            description = "a bad value, named in the message, or a capacity the nodes' heap cannot hold; nothing"
                    + " changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "401", ref = UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = FORBIDDEN)
    @APIResponse(responseCode = "409", ref = CONFLICT)
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject configure(@Context UriInfo uri, @Context HttpHeaders headers, String body) {
        FormOrQuery typed = new FormOrQuery(uri, headers, body);
        Configured configured = manager.configure(new Configuration(
                typed.get("mode"),
                typed.get("numNodes"),
                typed.get("cacheSize"),
                typed.get("policy"),
                typed.get("expRatio"),
                typed.get("shrinkRatio"),
                typed.get("maxMiss"),
                typed.get("minMiss"),
                typed.get("scaler"),
                typed.get("targetHit")));
        return Answers.success()
                .add("mode", configured.scaling().mode().label())
                .add("numNodes", configured.numNodes())
                .add("cacheSize", configured.memcache().capacityMB())
                .add("policy", configured.policyAsNamed())
                .add("expRatio", configured.scaling().expRatio())
                .add("shrinkRatio", configured.scaling().shrinkRatio())
                .add("maxMiss", configured.scaling().maxMiss())
                .add("minMiss", configured.scaling().minMiss())
                .add("scaler", configured.scaling().rule().label())
                .add("targetHit", configured.scaling().targetHit())
                .build();
    }

    @POST
    @Path("getNumNodes")
    @Operation(summary = "How many cache nodes answer now")
    @APIResponse(
            responseCode = "200",
            description = "the number of nodes serving",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NumNodes")))
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject numNodes() {
        return Answers.success().add("numNodes", manager.nodesServing()).build();
    }

    @POST
    @Path("getRate")
    @Operation(
            summary = "The pool's miss or hit rate over the last minute",
            description = "From every node's 5-second samples; 0 when nothing was read.")
    // in @Parameters: Payara's scan drops a lone method-level @Parameter that names no Java parameter
    @Parameters({
        @Parameter(
                name = "rate",
                in = ParameterIn.QUERY,
                required = true,
                description = "which rate",
                schema = @Schema(ref = "RateName"))
    })
    @RequestBody(
            description = PoolResource.AS_FORM,
            content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(ref = "Form")))
    @APIResponse(
            responseCode = "200",
            description = "the rate, from 0 to 1",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Rate")))
    @APIResponse(
            responseCode = "400",
            description = "no rate, or another one than miss or hit",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject rate(@Context UriInfo uri, @Context HttpHeaders headers, String body) {
        PoolManager.Rate rate = manager.rate(new FormOrQuery(uri, headers, body).get("rate"));
        return Answers.success()
                .add("rate", rate.name())
                .add("value", rate.value())
                .build();
    }
}
