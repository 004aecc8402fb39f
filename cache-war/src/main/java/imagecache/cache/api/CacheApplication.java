package imagecache.cache.api;

import imagecache.memcache.protocol.MemcacheProtocol;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The cache WAR's HTTP interface, used by the front end only, as {@link MemcacheProtocol} describes it. */
@ApplicationPath(MemcacheProtocol.API)
public class CacheApplication extends Application {}
