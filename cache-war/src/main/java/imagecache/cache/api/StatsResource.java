package imagecache.cache.api;

import imagecache.cache.HitRateCurve;
import imagecache.cache.MemcacheStats;
import imagecache.cache.service.CurveNow;
import imagecache.cache.service.MemcacheService;
import imagecache.cache.service.NodeSample;
import imagecache.cache.service.StatsSampler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The statistics now and the samples of the last 10 minutes. */
@ApplicationScoped
@Path("stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    @Inject
    MemcacheService memcache;

    @Inject
    StatsSampler sampler;

    @GET
    public StatsBody get() {
        MemcacheStats now = memcache.stats();
        List<HistoryPoint> history =
                sampler.history().stream().map(HistoryPoint::of).toList();
        return new StatsBody(memcache.node(), Now.of(now), history, Curve.of(memcache.curve()));
    }

    /**
     * This node's name ({@code local} without a pool), its figures, every node's samples of the last
     * 10 minutes and this node's hit-rate curve.
     */
    public record StatsBody(String node, Now stats, List<HistoryPoint> history, Curve curve) {}

    /** LRU's estimated hit rate at 1/4 to 8 times this node's capacity, and the reads it comes from. */
    public record Curve(double samplingRate, long reads, long sampledReads, List<CurvePoint> points) {
        static Curve of(CurveNow curve) {
            return new Curve(
                    curve.samplingRate(),
                    curve.reads(),
                    curve.sampledReads(),
                    curve.points().stream().map(CurvePoint::of).toList());
        }
    }

    public record CurvePoint(long capacityBytes, double hitRate) {
        static CurvePoint of(HitRateCurve.Point point) {
            return new CurvePoint(point.capacityBytes(), point.hitRate());
        }
    }

    public record Now(
            int items,
            long bytes,
            long capacityBytes,
            String policy,
            long requests,
            long hits,
            long misses,
            double hitRate,
            double missRate,
            long evictions) {
        static Now of(MemcacheStats s) {
            return new Now(
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
    }

    public record HistoryPoint(
            String node,
            String at,
            int items,
            long bytes,
            long requests,
            long hits,
            long misses,
            double hitRate,
            double missRate) {
        static HistoryPoint of(NodeSample s) {
            return new HistoryPoint(
                    s.node(),
                    s.at().toString(),
                    s.items(),
                    s.bytes(),
                    s.requests(),
                    s.hits(),
                    s.misses(),
                    s.hitRate(),
                    s.missRate());
        }
    }
}
