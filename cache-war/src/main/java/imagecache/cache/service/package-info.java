/**
 * The singleton EJBs around the one memcache of this server: {@code MemcacheService} owns it and its
 * hit-rate curve, {@code MemcacheConfiguration} restores, stores and follows its configuration,
 * {@code StatsSampler} samples its statistics every 5 s and reads their history; and the settings
 * they validate, and {@code WriteLogFollower}, which applies the pool's write log. Uses {@code
 * imagecache.cache} and {@code store}; knows nothing of HTTP.
 */
package imagecache.cache.service;
