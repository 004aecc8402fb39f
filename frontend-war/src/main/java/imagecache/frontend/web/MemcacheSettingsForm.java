package imagecache.frontend.web;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.service.MemcacheAdmin;
import imagecache.memcache.protocol.MemcacheConfig;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/** Capacity and policy, refresh to defaults, and clear: the same calls as {@code /api/cache/*}. */
@Named
@ViewScoped
public class MemcacheSettingsForm implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    AdminSession adminSession;

    @Inject
    MemcacheAdmin memcache;

    private String capacityMB;
    private String policy;

    @PostConstruct
    void init() {
        try {
            show(memcache.config());
        } catch (ImageCacheException e) {
            Messages.error(e.getMessage());
        }
    }

    public void apply() {
        adminSession.administer("Not changed: ", () -> {
            MemcacheConfig config = memcache.configure(capacityMB, policy);
            show(config);
            return "Memcache set to " + config.capacityMB() + " MB, " + config.policy() + ".";
        });
    }

    public void refresh() {
        adminSession.administer("", () -> {
            MemcacheConfig config = memcache.refresh();
            show(config);
            return "Memcache configuration back to its defaults: " + config.capacityMB() + " MB, " + config.policy()
                    + ".";
        });
    }

    public void clear() {
        adminSession.administer("", () -> {
            memcache.clear();
            return "Memcache cleared.";
        });
    }

    private void show(MemcacheConfig config) {
        capacityMB = String.valueOf(config.capacityMB());
        policy = config.policy();
    }

    public String getCapacityMB() {
        return capacityMB;
    }

    public void setCapacityMB(String capacityMB) {
        this.capacityMB = capacityMB;
    }

    public String getPolicy() {
        return policy;
    }

    public void setPolicy(String policy) {
        this.policy = policy;
    }
}
