package imagecache.frontend.api;

import imagecache.frontend.cacheclient.MemcacheConfig;
import imagecache.frontend.cacheclient.MemcacheStats;
import imagecache.frontend.service.MemcacheAdmin;
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

    @Inject
    MemcacheAdmin memcache;

    /**
     * The contract's stats answer: the pool's figures (one node's without a pool) as the client
     * summed them, with the success flag, and each node's.
     */
    public record StatsAnswer(
            String success,
            MemcacheStats.Now stats,
            List<MemcacheStats.Sample> history,
            List<MemcacheStats.Node> nodes) {}

    @GET
    @Path("stats")
    public StatsAnswer stats() {
        MemcacheStats all = memcache.stats();
        return new StatsAnswer("true", all.stats(), all.history(), all.nodes());
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
