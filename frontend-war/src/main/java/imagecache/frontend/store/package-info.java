/**
 * The front end's storage: image rows through JPA (the persistence unit bootstrapped on first use,
 * its schema migration), image files staged on disk and published in a folder or a bucket, and how
 * their failures read; and it appends to the memcache pool's write log. May use {@code domain} and the
 * contract's {@code WriteLog}.
 */
package imagecache.frontend.store;
