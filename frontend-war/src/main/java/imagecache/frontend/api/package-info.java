/**
 * The JSON API under {@code /api} (JAX-RS) and the image bytes under {@code /images} (a servlet), with
 * the filters at the edge: upload cap and rate, admin token, dot keys. Thin: it turns requests into
 * {@code service} calls and {@code ImageCacheException}s into statuses.
 */
package imagecache.frontend.api;
