/**
 * What the product does, for pages and API alike: store, find, list, complete and delete images,
 * make and serve their thumbnails, and administer the memcache. Combines {@code store} (rows and files) with {@code cacheclient};
 * knows nothing of HTTP or pages.
 */
package imagecache.frontend.service;
