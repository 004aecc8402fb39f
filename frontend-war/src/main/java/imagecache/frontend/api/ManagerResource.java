package imagecache.frontend.api;

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

/**
 * The pool manager's calls in the course's shape ({@code success} as the string {@code "true"}):
 * configure the pool, how many nodes serve, the pool's hit or miss rate over the last minute.
 * Parameters as form fields or query parameters alike ({@link FormOrQuery}).
 */
@ApplicationScoped
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class ManagerResource {

    @Inject
    PoolManager manager;

    @AdminOnly
    @POST
    @Path("configure_cache")
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
    public JsonObject numNodes() {
        return Answers.success().add("numNodes", manager.nodesServing()).build();
    }

    @POST
    @Path("getRate")
    public JsonObject rate(@Context UriInfo uri, @Context HttpHeaders headers, String body) {
        PoolManager.Rate rate = manager.rate(new FormOrQuery(uri, headers, body).get("rate"));
        return Answers.success()
                .add("rate", rate.name())
                .add("value", rate.value())
                .build();
    }
}
