/**
 * The singleton EJB that owns the one memcache of this server, applies and stores its configuration
 * and samples its statistics every 5 s; the settings it validates. Uses {@code imagecache.cache} and
 * {@code store}; knows nothing of HTTP.
 */
package imagecache.cache.service;
