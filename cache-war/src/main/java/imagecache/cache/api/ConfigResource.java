package imagecache.cache.api;

import imagecache.cache.service.MemcacheConfiguration;
import imagecache.cache.service.MemcacheService;
import imagecache.cache.service.MemcacheSettings;
import imagecache.memcache.protocol.MemcacheConfig;
import imagecache.memcache.protocol.MemcacheProtocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The memcache configuration: read it, change it, or put the defaults back. */
@ApplicationScoped
@Path(MemcacheProtocol.CONFIG)
@Produces(MediaType.APPLICATION_JSON)
public class ConfigResource {

    @Inject
    MemcacheService memcache;

    @Inject
    MemcacheConfiguration configuration;

    @GET
    public MemcacheConfig get() {
        return body(memcache.settings());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public MemcacheConfig put(MemcacheConfig body) {
        if (body == null) {
            throw new BadRequestException("Give capacityMB and policy");
        }
        MemcacheSettings settings;
        try {
            settings = MemcacheSettings.of(body.capacityMB(), body.policy());
        } catch (IllegalArgumentException invalid) {
            throw new BadRequestException(invalid.getMessage());
        }
        return body(configuration.configure(settings));
    }

    @POST
    @Path(MemcacheProtocol.REFRESH)
    public MemcacheConfig refresh() {
        return body(configuration.refreshToDefaults());
    }

    private static MemcacheConfig body(MemcacheSettings settings) {
        return new MemcacheConfig(settings.capacityMB(), settings.policy().name());
    }
}
