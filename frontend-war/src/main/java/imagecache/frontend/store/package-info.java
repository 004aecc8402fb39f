/**
 * The front end's storage: image rows through JPA (the persistence unit bootstrapped on first use,
 * its schema migration), image files on disk, and how their failures read. May use {@code domain}.
 */
package imagecache.frontend.store;
