/**
 * The adapter that starts and stops cache nodes when the memcache pool is resized: {@link
 * imagecache.frontend.provision.CacheNodeProvisioner}, one implementation per way nodes are run
 * (processes on this machine; none, where an operator or an orchestrator runs them). May use {@code
 * domain} only.
 */
package imagecache.frontend.provision;
