/**
 * What the product does, for pages and API alike: store, find, list, complete and delete images,
 * make and serve their thumbnails, and administer and resize the memcache. Combines {@code store}
 * (rows and files) with {@code cacheclient} and {@code provision} (what starts and stops cache
 * nodes); knows nothing of HTTP or pages.
 */
package imagecache.frontend.service;
