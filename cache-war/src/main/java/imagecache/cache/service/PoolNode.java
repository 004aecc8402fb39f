package imagecache.cache.service;

import imagecache.memcache.protocol.LeaveAnswer;
import jakarta.ejb.ApplicationException;

/**
 * What the pool asks of this cache node beyond its items. Outside a pool it is {@link #NONE}, which
 * refuses every ask; the grid sets the node's own when it joins a pool.
 */
@FunctionalInterface
public interface PoolNode {

    /** A cache WAR that is not a node of a pool. */
    PoolNode NONE = () -> {
        throw new Refused("This cache WAR is not a node of a pool");
    };

    /**
     * Leaves the pool while serving and hands this node's items to the nodes that own their keys
     * from then on; the node's process is stopped after.
     *
     * @throws Refused when the node cannot leave now (it left already, or is the last that holds keys)
     */
    LeaveAnswer leave();

    /** An ask the node's state refuses, with why; reaches the caller as it is, not wrapped by the container. */
    @ApplicationException
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
