package imagecache.cache.api;

import imagecache.cache.service.MemcacheService;
import imagecache.memcache.protocol.LeaveAnswer;
import imagecache.memcache.protocol.MemcacheProtocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST leave}: this pool node leaves the pool and hands its items on, before its process is
 * stopped; a refusal is a 409 ({@link ErrorMapper}).
 */
@ApplicationScoped
@Path(MemcacheProtocol.LEAVE)
@Produces(MediaType.APPLICATION_JSON)
public class LeaveResource {

    @Inject
    MemcacheService memcache;

    @POST
    public LeaveAnswer leave() {
        return memcache.leavePool();
    }
}
