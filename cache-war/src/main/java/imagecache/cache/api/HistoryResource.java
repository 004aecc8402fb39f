package imagecache.cache.api;

import imagecache.cache.service.NodeSample;
import imagecache.cache.service.StatsSampler;
import imagecache.memcache.protocol.History;
import imagecache.memcache.protocol.MemcacheProtocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The samples of the last 10 minutes of every node that shares this database, as stored. */
@ApplicationScoped
@Path(MemcacheProtocol.HISTORY)
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    @Inject
    StatsSampler sampler;

    @GET
    public History get() {
        return new History(
                sampler.history().stream().map(HistoryResource::sample).toList());
    }

    private static History.Sample sample(NodeSample s) {
        return new History.Sample(
                s.node(), s.at().toString(), s.items(), s.bytes(), s.requests(), s.hits(), s.misses());
    }
}
