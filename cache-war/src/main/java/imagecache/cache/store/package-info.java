/**
 * The cache WAR's tables: the stored configuration and the sampled statistics as JPA entities with
 * their stores, the pool's write log (read and pruned), the persistence unit bootstrapped on first
 * use and the schema migration that retries until the database is there. Knows nothing of HTTP.
 */
package imagecache.cache.store;
