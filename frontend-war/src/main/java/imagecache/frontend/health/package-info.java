/**
 * MicroProfile Health checks: liveness, and readiness of the database, the image store and the
 * memcache. Reads state from {@code store}, {@code service} and {@code cacheclient}.
 */
package imagecache.frontend.health;
