package imagecache.frontend.provision;

import java.util.List;

/**
 * Starts and stops nothing: the operator, or an orchestrator that reads the target from {@code GET
 * /api/cache/pool}, runs the nodes. A resize only records the target.
 */
public final class ManualProvisioner implements CacheNodeProvisioner {

    @Override
    public String name() {
        return "manual";
    }

    @Override
    public void startNode(List<String> gridMembers) {}

    @Override
    public boolean canStop(String url) {
        return true;
    }

    @Override
    public void stopNode(String url) {}
}
