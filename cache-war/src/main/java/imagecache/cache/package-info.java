/**
 * The memcache itself: values by key within a byte capacity, leases against stale fills, and the
 * replacement policies, each deciding its own victims ({@link imagecache.cache.ReplacementPolicy}).
 * Plain Java: no container, JSON or database types, so that it is tested fast and alone.
 */
package imagecache.cache;
