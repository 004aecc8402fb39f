package imagecache.frontend.web;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ScalingSettings;
import imagecache.frontend.service.ImageService;
import imagecache.frontend.service.PoolManager;
import imagecache.frontend.service.PoolManager.Configuration;
import imagecache.frontend.service.PoolResizer;
import imagecache.frontend.service.PoolResizer.PoolState;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pool manager page's actions, each the same service call as its API twin and admin like it:
 * grow and shrink by one node ({@code POST /api/cache/pool/grow|shrink}), how the pool is sized
 * ({@code POST /api/configure_cache}), and delete every image ({@code POST /api/delete_all}).
 * Capacity, policy and clear are the home page's {@link MemcacheSettingsForm}.
 */
@Named
@ViewScoped
public class PoolManagerForm implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * One field of the sizing form, named as {@code configure_cache} names its parameter; with
     * {@code choices}, one of them. The page draws a field for each, so a new parameter of the pool
     * manager is a line here and its place in {@link #configuration()}.
     */
    public record SizingField(String name, String label, String hint, List<String> choices) {

        public boolean isChoice() {
            return !choices.isEmpty();
        }
    }

    static final List<SizingField> SIZING_FIELDS = List.of(
            new SizingField(
                    "mode",
                    "Mode",
                    "manual: nodes are added and removed by hand; auto: the auto-scaler decides",
                    List.of("manual", "auto")),
            new SizingField("expRatio", "Expand ratio", "greater than 1: 2.0 doubles the nodes", List.of()),
            new SizingField("shrinkRatio", "Shrink ratio", "between 0 and 1: 0.5 halves the nodes", List.of()),
            new SizingField("maxMiss", "Grow above miss rate", "0 to 1, over the last minute", List.of()),
            new SizingField("minMiss", "Shrink below miss rate", "0 to 1, less than the one above", List.of()),
            new SizingField(
                    "scaler",
                    "Rule",
                    "threshold: grow above and shrink below the miss rates by the ratios; target: the size the"
                            + " hit-rate curve says reaches the target hit rate",
                    List.of("threshold", "target")),
            new SizingField("targetHit", "Target hit rate", "between 0 and 1, for the target rule", List.of()));

    @Inject
    AdminSession adminSession;

    @Inject
    PoolResizer pool;

    @Inject
    PoolManager manager;

    @Inject
    ImageService images;

    /** What the sizing form holds, by parameter name: the stored values, or what was typed. */
    private final HashMap<String, String> sizing = new HashMap<>();

    @PostConstruct
    void init() {
        try {
            show(manager.settings());
        } catch (ImageCacheException e) {
            Messages.error(e.getMessage());
        }
    }

    public List<SizingField> getSizingFields() {
        return SIZING_FIELDS;
    }

    public Map<String, String> getSizing() {
        return sizing;
    }

    public void grow() {
        adminSession.administer("Not grown: ", () -> {
            PoolState grown = pool.grow();
            return "Growing the pool to " + nodes(grown.target()) + ": the new node serves within a minute or so.";
        });
    }

    public void shrink() {
        adminSession.administer("Not shrunk: ", () -> {
            PoolState shrunk = pool.shrink(null);
            return "Shrinking the pool to " + nodes(shrunk.target())
                    + ": the node holding the fewest keys hands them on and stops.";
        });
    }

    /** Applies the sizing form whole, or, when a value is refused, nothing. */
    public void applySizing() {
        adminSession.administer("Not changed: ", () -> {
            ScalingSettings applied = manager.configure(configuration()).scaling();
            show(applied);
            return "Pool sizing set: " + applied.mode().label() + ", expand ratio " + applied.expRatio()
                    + ", shrink ratio " + applied.shrinkRatio() + ", grow above a miss rate of " + applied.maxMiss()
                    + ", shrink below " + applied.minMiss() + "; rule "
                    + applied.rule().label()
                    + ", target hit rate " + applied.targetHit() + ".";
        });
    }

    public void deleteAll() {
        adminSession.administer("Not deleted: ", () -> {
            images.deleteAll();
            return "Deleted every image.";
        });
    }

    /** The form as {@code configure_cache} takes it; the pool's size and the memcache are left out. */
    private Configuration configuration() {
        return new Configuration(
                sizing.get("mode"),
                null,
                null,
                null,
                sizing.get("expRatio"),
                sizing.get("shrinkRatio"),
                sizing.get("maxMiss"),
                sizing.get("minMiss"),
                sizing.get("scaler"),
                sizing.get("targetHit"));
    }

    private static String nodes(int count) {
        return count + (count == 1 ? " cache node" : " cache nodes");
    }

    private void show(ScalingSettings settings) {
        sizing.put("mode", settings.mode().label());
        sizing.put("expRatio", String.valueOf(settings.expRatio()));
        sizing.put("shrinkRatio", String.valueOf(settings.shrinkRatio()));
        sizing.put("maxMiss", String.valueOf(settings.maxMiss()));
        sizing.put("minMiss", String.valueOf(settings.minMiss()));
        sizing.put("scaler", settings.rule().label());
        sizing.put("targetHit", String.valueOf(settings.targetHit()));
    }
}
