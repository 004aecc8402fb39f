package imagecache.memcache.protocol;

/**
 * The answer to {@code POST leave}: the node has left the pool's grid (its partitions now belong to
 * the others) and handed its items on; {@code items} it held, {@code handedOver} of them stored by
 * the nodes that own their keys now (the others are misses there, as after a cold shrink).
 */
public record LeaveAnswer(String node, int items, int handedOver) {}
