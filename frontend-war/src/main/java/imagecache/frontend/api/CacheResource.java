package imagecache.frontend.api;

import imagecache.frontend.cacheclient.MemcacheConfig;
import imagecache.frontend.cacheclient.MemcacheStats;
import imagecache.frontend.service.MemcacheAdmin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Watch and tune the memcache. */
@ApplicationScoped
@Path("cache")
@Produces(MediaType.APPLICATION_JSON)
public class CacheResource {

    @Inject
    MemcacheAdmin memcache;

    @GET
    @Path("stats")
    public JsonObject stats() {
        MemcacheStats all = memcache.stats();
        MemcacheStats.Now now = all.stats();
        JsonArrayBuilder history = Json.createArrayBuilder();
        for (MemcacheStats.Sample s : all.history()) {
            history.add(Json.createObjectBuilder()
                    .add("at", s.at())
                    .add("items", s.items())
                    .add("bytes", s.bytes())
                    .add("requests", s.requests())
                    .add("hits", s.hits())
                    .add("misses", s.misses())
                    .add("hitRate", s.hitRate())
                    .add("missRate", s.missRate()));
        }
        return Answers.success()
                .add(
                        "stats",
                        Json.createObjectBuilder()
                                .add("items", now.items())
                                .add("bytes", now.bytes())
                                .add("capacityBytes", now.capacityBytes())
                                .add("policy", now.policy())
                                .add("requests", now.requests())
                                .add("hits", now.hits())
                                .add("misses", now.misses())
                                .add("hitRate", now.hitRate())
                                .add("missRate", now.missRate())
                                .add("evictions", now.evictions()))
                .add("history", history)
                .build();
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
