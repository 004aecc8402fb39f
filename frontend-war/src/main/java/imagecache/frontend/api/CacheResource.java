package imagecache.frontend.api;

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

/** Watch and tune the memcache. */
@ApplicationScoped
@Path("cache")
@Produces(MediaType.APPLICATION_JSON)
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
    public String trace() {
        return memcache.trace();
    }

    @GET
    @Path("config")
    public JsonObject config() {
        return answer(memcache.config());
    }

    @AdminOnly
    @POST
    @Path("config")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public JsonObject configure(@FormParam("capacityMB") String capacityMB, @FormParam("policy") String policy) {
        return answer(memcache.configure(capacityMB, policy));
    }

    @AdminOnly
    @POST
    @Path("refresh")
    public JsonObject refresh() {
        return answer(memcache.refresh());
    }

    @AdminOnly
    @POST
    @Path("clear")
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
