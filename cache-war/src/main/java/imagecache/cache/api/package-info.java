/**
 * The cache WAR's HTTP interface, used by the front end's client only: the entries servlet (the
 * path of every image read), configuration, statistics, history and trace as JAX-RS resources, the
 * token check. Thin: it decodes requests and calls {@code service}; it may use {@code imagecache.cache}
 * types, and answers a failure of the database ({@code imagecache.db}) with 503.
 */
package imagecache.cache.api;
