package imagecache.memcache.protocol;

/** A cache WAR's statistics: its node name ({@link MemcacheProtocol#LOCAL_NODE} without a pool), figures and curve. */
public record NodeStats(String node, NodeFigures stats, Curve curve) {}
