package imagecache.cache.grid;

import com.hazelcast.core.HazelcastInstance;
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/** The data grid Payara Micro runs, when it runs one (not with {@code --nocluster}). */
final class PayaraGrid {

    /** Where Payara binds its Hazelcast instance. */
    static final String JNDI_NAME = "payara/Hazelcast";

    private PayaraGrid() {}

    static Optional<HazelcastInstance> find() {
        try {
            Object found = new InitialContext().lookup(JNDI_NAME);
            return found instanceof HazelcastInstance grid
                            && grid.getLifecycleService().isRunning()
                    ? Optional.of(grid)
                    : Optional.empty();
        } catch (NamingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
