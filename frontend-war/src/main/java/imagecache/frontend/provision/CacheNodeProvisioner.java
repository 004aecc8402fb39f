package imagecache.frontend.provision;

import java.util.List;

/**
 * Starts and stops the memcache pool's cache nodes. A node it starts joins the data grid by itself
 * and takes its share of the keys; a node it stops leaves the grid gracefully, so that the grid
 * gives its partitions to the others before it exits.
 */
public interface CacheNodeProvisioner {

    /** What runs the nodes, as {@code GET /api/cache/pool} names it. */
    String name();

    /**
     * Starts one cache node, which joins the grid through {@code gridMembers} (host:port of members
     * now in it); returns without waiting for it to answer.
     */
    void startNode(List<String> gridMembers);

    /** Whether this provisioner can stop the node at {@code url}. */
    boolean canStop(String url);

    /** Asks the node at {@code url} to leave the grid and exit; returns without waiting for it. */
    void stopNode(String url);
}
