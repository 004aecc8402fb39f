package imagecache.cache.api;

import imagecache.cache.HitRateCurve;
import imagecache.cache.MemcacheStats;
import imagecache.cache.service.CurveNow;
import imagecache.cache.service.MemcacheService;
import imagecache.memcache.protocol.Curve;
import imagecache.memcache.protocol.MemcacheProtocol;
import imagecache.memcache.protocol.NodeFigures;
import imagecache.memcache.protocol.NodeStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** This node's statistics now: its figures and its hit-rate curve. */
@ApplicationScoped
@Path(MemcacheProtocol.STATS)
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    @Inject
    MemcacheService memcache;

    @GET
    public NodeStats get() {
        return new NodeStats(memcache.node(), figures(memcache.stats()), curve(memcache.curve()));
    }

    private static NodeFigures figures(MemcacheStats s) {
        return new NodeFigures(
                s.items(),
                s.bytes(),
                s.capacityBytes(),
                s.policy().name(),
                s.requests(),
                s.hits(),
                s.misses(),
                s.hitRate(),
                s.missRate(),
                s.evictions());
    }

    private static Curve curve(CurveNow curve) {
        return new Curve(
                curve.samplingRate(),
                curve.reads(),
                curve.sampledReads(),
                curve.points().stream().map(StatsResource::point).toList());
    }

    private static Curve.CurvePoint point(HitRateCurve.Point point) {
        return new Curve.CurvePoint(point.capacityBytes(), point.hitRate());
    }
}
