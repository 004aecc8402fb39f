/**
 * The cache node's place in a memcache pool: Payara Micro's data grid (Hazelcast), when the server
 * runs clustered. The grid decides which node owns which key (by its partitions) and tells when
 * ownership moves; nothing here hashes keys or tracks members by hand.
 */
package imagecache.cache.grid;
