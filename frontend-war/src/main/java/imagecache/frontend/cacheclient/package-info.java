/**
 * The adapter to the memcache, in three parts: {@link imagecache.frontend.cacheclient.MemcacheNodeClient}
 * calls one cache WAR (typed calls, transport, token, errors), {@link
 * imagecache.frontend.cacheclient.MemcachePool} routes each key to its node and asks every node
 * (the pool's sums, by {@code PoolStats}), and {@link
 * imagecache.frontend.cacheclient.MemcacheCoherence} holds the rules that keep old images out. The
 * only package that calls the cache WAR; it speaks the cache WAR's contract ({@code
 * imagecache.memcache.protocol}) and may use {@code domain}.
 */
package imagecache.frontend.cacheclient;
