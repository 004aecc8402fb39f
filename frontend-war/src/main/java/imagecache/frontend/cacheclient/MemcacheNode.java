package imagecache.frontend.cacheclient;

/** One cache WAR the front end talks to: a pool node's grid member id (or {@code local}) and its URL. */
public record MemcacheNode(String id, String url) {}
