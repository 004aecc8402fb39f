/**
 * The one adapter to the cache WAR: {@link imagecache.frontend.cacheclient.MemcacheClient}, a JAX-RS
 * client over HTTP, with the records it exchanges. The only package that knows the cache WAR's
 * URLs and headers; may use {@code domain}.
 */
package imagecache.frontend.cacheclient;
