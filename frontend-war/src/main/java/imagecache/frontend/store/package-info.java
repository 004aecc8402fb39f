/**
 * The front end's storage: image rows through JPA (the persistence unit bootstrapped on first use,
 * its schema migration), image files staged on disk and published in a folder or a bucket, and how
 * their failures read. May use {@code domain}.
 */
package imagecache.frontend.store;
