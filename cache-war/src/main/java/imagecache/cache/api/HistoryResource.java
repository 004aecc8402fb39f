package imagecache.cache.api;

import imagecache.cache.service.NodeSample;
import imagecache.cache.service.StatsSampler;
import imagecache.memcache.protocol.History;
import imagecache.memcache.protocol.MemcacheProtocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The samples of the last minutes (10, or {@code ?minutes=} up to {@link History#MOST_MINUTES}) of
 * every node that shares this database, as stored.
 */
@ApplicationScoped
@Path(MemcacheProtocol.HISTORY)
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    @Inject
    StatsSampler sampler;

    @GET
    public History get(@QueryParam(History.MINUTES_PARAMETER) String minutes) {
        return new History(sampler.history(minutes(minutes)).stream()
                .map(HistoryResource::sample)
                .toList());
    }

    private static int minutes(String typed) {
        if (typed == null) {
            return History.DEFAULT_MINUTES;
        }
        int minutes = typed.matches("[0-9]{1,4}") ? Integer.parseInt(typed) : 0;
        if (minutes < 1 || minutes > History.MOST_MINUTES) {
            throw new BadRequestException(
                    "minutes must be a whole number from 1 to " + History.MOST_MINUTES + ", not '" + typed + "'");
        }
        return minutes;
    }

    private static History.Sample sample(NodeSample s) {
        return new History.Sample(
                s.node(), s.at().toString(), s.items(), s.bytes(), s.requests(), s.hits(), s.misses());
    }
}
