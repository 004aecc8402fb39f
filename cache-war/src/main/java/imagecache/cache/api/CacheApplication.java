package imagecache.cache.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The cache WAR's HTTP interface, used by the front end only. Keys travel in paths as unpadded
 * base64url of their UTF-8 bytes, so that no key (with dots, percent signs or anything else) can
 * be changed by URL normalisation on the way.
 */
@ApplicationPath("api")
public class CacheApplication extends Application {}
