package imagecache.cache.api;

import imagecache.cache.service.MemcacheConfiguration;
import imagecache.cache.service.MemcacheService;
import imagecache.cache.service.MemcacheSettings;
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
@Path("config")
@Produces(MediaType.APPLICATION_JSON)
public class ConfigResource {

    @Inject
    MemcacheService memcache;

    @Inject
    MemcacheConfiguration configuration;

    @GET
    public ConfigBody get() {
        return ConfigBody.of(memcache.settings());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public ConfigBody put(ConfigBody body) {
        if (body == null) {
            throw new BadRequestException("Give capacityMB and policy");
        }
        MemcacheSettings settings;
        try {
            settings = MemcacheSettings.of(body.capacityMB(), body.policy());
        } catch (IllegalArgumentException invalid) {
            throw new BadRequestException(invalid.getMessage());
        }
        return ConfigBody.of(configuration.configure(settings));
    }

    @POST
    @Path("refresh")
    public ConfigBody refresh() {
        return ConfigBody.of(configuration.refreshToDefaults());
    }

    public record ConfigBody(Integer capacityMB, String policy) {
        static ConfigBody of(MemcacheSettings settings) {
            return new ConfigBody(settings.capacityMB(), settings.policy().name());
        }
    }
}
