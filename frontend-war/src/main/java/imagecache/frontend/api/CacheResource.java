package imagecache.frontend.api;

import static imagecache.frontend.api.ApiApplication.ADMIN_TOKEN;
import static imagecache.frontend.api.ApiApplication.ERROR;
import static imagecache.frontend.api.ApiApplication.FORBIDDEN;
import static imagecache.frontend.api.ApiApplication.INTERNAL_ERROR;
import static imagecache.frontend.api.ApiApplication.MEMCACHE;
import static imagecache.frontend.api.ApiApplication.UNAUTHORIZED;
import static imagecache.frontend.api.ApiApplication.UNAVAILABLE;

import imagecache.frontend.cacheclient.MemcacheStats;
import imagecache.frontend.service.MemcacheAdmin;
import imagecache.memcache.protocol.Curve;
import imagecache.memcache.protocol.MemcacheConfig;
import imagecache.memcache.protocol.NodeFigures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Watch and tune the memcache. */
@ApplicationScoped
@Path("cache")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = MEMCACHE, description = "the memcache's statistics, its sampled reads, its capacity and policy")
public class CacheResource {

    private static final long BYTES_PER_MB = 1024 * 1024;

    @Inject
    MemcacheAdmin memcache;

    /**
     * The contract's stats answer: the pool's figures (one node's without a pool) as the client
     * summed them, with the success flag, each node's, and the hit-rate curve with the number of
     * reads it comes from.
     */
    public record StatsAnswer(
            String success,
            NodeFigures stats,
            List<MemcacheStats.Sample> history,
            List<MemcacheStats.Node> nodes,
            List<CurvePoint> curve,
            long curveReads) {}

    /** A capacity in megabytes (a quarter of the capacity may be a fraction) and LRU's estimated hit rate there. */
    public record CurvePoint(double capacityMB, double hitRate) {
        static CurvePoint of(Curve.CurvePoint point) {
            return new CurvePoint(point.capacityBytes() / (double) BYTES_PER_MB, point.hitRate());
        }
    }

    @GET
    @Path("stats")
    @Operation(
            summary = "The memcache's figures now, the last 10 minutes, each node, and the hit-rate curve",
            description = "In a pool: the sums of every node, with the rates computed from the sums.")
    @APIResponse(
            responseCode = "200",
            description = "the figures",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Stats")))
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public StatsAnswer stats() {
        MemcacheStats all = memcache.stats();
        List<CurvePoint> curve =
                all.curve().points().stream().map(CurvePoint::of).toList();
        return new StatsAnswer(
                "true",
                all.stats(),
                all.history(),
                all.nodes(),
                curve,
                all.curve().reads());
    }

    /**
     * The reads the memcache sampled for its hit-rate curve (at most the last 100,000 per node), as a
     * trace for {@code bench/simulate.sh --trace}. Admin only: the keys are the users'.
     */
    @AdminOnly
    @GET
    @Path("trace")
    @Produces("text/plain; charset=UTF-8")
    @Operation(
            summary = "The reads the hit-rate curve sampled, as a trace for bench/simulate.sh --trace",
            description = "A '# keys: percent-encoded' line, then one 'key<TAB>bytes' line per read, oldest"
                    + " first, after a '# node <id>' line for each node.")
    @SecurityRequirement(name = ADMIN_TOKEN)
    @APIResponse(
            responseCode = "200",
            description = "the trace",
            content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(ref = "Trace")))
    @APIResponse(responseCode = "401", ref = UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = FORBIDDEN)
    @APIResponse(
            responseCode = "404",
            description = "the curve is off (CACHE_CURVE_SAMPLING_RATE=0)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public String trace() {
        return memcache.trace();
    }

    @GET
    @Path("config")
    @Operation(summary = "The memcache's capacity and policy")
    @APIResponse(
            responseCode = "200",
            description = "the configuration in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Config")))
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject config() {
        return answer(memcache.config());
    }

    @AdminOnly
    @POST
    @Path("config")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    @Operation(
            summary = "Change the memcache's capacity and/or policy (every node of a pool)",
            description = "A value left out is kept; nothing changes unless both are valid. Stored in the"
                    + " database: it survives a restart.")
    @SecurityRequirement(name = ADMIN_TOKEN)
    @APIResponse(
            responseCode = "200",
            description = "the configuration now in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Config")))
    @APIResponse(
            responseCode = "400",
            description = "neither value, a capacity that is no positive integer or larger than the nodes' heap"
                    + " can hold, or an unknown policy; nothing changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = ERROR)))
    @APIResponse(responseCode = "401", ref = UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = FORBIDDEN)
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject configure(
            @FormParam("capacityMB") String capacityMB,
            // on the last form parameter: Payara applies a request body only once a form parameter made one
            @FormParam("policy")
                    @RequestBody(
                            required = true,
                            content = {
                                @Content(
                                        mediaType = MediaType.APPLICATION_FORM_URLENCODED,
                                        schema = @Schema(ref = "ConfigForm")),
                                @Content(
                                        mediaType = MediaType.MULTIPART_FORM_DATA,
                                        schema = @Schema(ref = "ConfigForm"))
                            })
                    String policy) {
        return answer(memcache.configure(capacityMB, policy));
    }

    @AdminOnly
    @POST
    @Path("refresh")
    @Operation(summary = "Back to the default configuration (CACHE_CAPACITY_MB, CACHE_POLICY)")
    @SecurityRequirement(name = ADMIN_TOKEN)
    @APIResponse(
            responseCode = "200",
            description = "the default configuration, now in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Config")))
    @APIResponse(responseCode = "401", ref = UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = FORBIDDEN)
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject refresh() {
        return answer(memcache.refresh());
    }

    @AdminOnly
    @POST
    @Path("clear")
    @Operation(
            summary = "Empty the memcache (every node of a pool); the counters go on",
            description = "A node that cannot be reached is cleared as soon as it answers again.")
    @SecurityRequirement(name = ADMIN_TOKEN)
    @APIResponse(
            responseCode = "200",
            description = "emptied",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Success")))
    @APIResponse(responseCode = "401", ref = UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = FORBIDDEN)
    @APIResponse(responseCode = "500", ref = INTERNAL_ERROR)
    @APIResponse(responseCode = "503", ref = UNAVAILABLE)
    public JsonObject clear() {
        memcache.clear();
        return Answers.success().build();
    }

    private static JsonObject answer(MemcacheConfig config) {
        return Answers.success()
                .add("capacityMB", config.capacityMB())
                .add("policy", config.policy())
                .build();
    }
}
