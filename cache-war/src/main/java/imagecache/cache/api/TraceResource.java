package imagecache.cache.api;

import imagecache.cache.service.MemcacheService;
import imagecache.memcache.protocol.MemcacheProtocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;

/**
 * The sampled reads behind the hit-rate curve, oldest first, as a trace for {@code bench/simulate.sh
 * --trace}: a header line, then {@code key<TAB>size} a line with the key percent-encoded. At most
 * the last 100,000 reads, a few megabytes: built in memory, so that the curve being off can still be
 * answered as an error.
 */
@ApplicationScoped
@Path(MemcacheProtocol.TRACE)
public class TraceResource {

    @Inject
    MemcacheService memcache;

    @GET
    @Produces("text/plain; charset=UTF-8")
    public String get() throws IOException {
        StringBuilder trace = new StringBuilder();
        if (!memcache.writeTrace(trace)) {
            throw new NotFoundException("The hit-rate curve is off (CACHE_CURVE_SAMPLING_RATE=0): no trace");
        }
        return trace.toString();
    }
}
