package imagecache.frontend.provision;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Runs cache nodes as Payara Micro processes on this machine, each through {@code start.sh} with
 * {@code POOL_ROLE=cache} (so that a node started here has the options of the nodes {@code
 * start.sh} starts itself) on free ports. Every cache node on this machine, whoever started it, leaves
 * its process id in the run folder under its HTTP port; a node is stopped with SIGTERM, on which
 * Payara Micro leaves the grid gracefully.
 */
public final class LocalProcessProvisioner implements CacheNodeProvisioner {

    private static final Logger LOG = Logger.getLogger(LocalProcessProvisioner.class.getName());

    private final Path home;
    private final Path runFolder;

    /**
     * @param home the folder of {@code start.sh}
     * @param runFolder where the nodes' process ids are (start.sh's {@code POOL_RUN_DIR})
     */
    public LocalProcessProvisioner(Path home, Path runFolder) {
        this.home = home;
        this.runFolder = runFolder;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void startNode(List<String> gridMembers) {
        int httpPort = freePort();
        int gridPort = freePort();
        String name = "cache-" + httpPort;
        ProcessBuilder builder = new ProcessBuilder(home.resolve("start.sh").toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(runFolder.resolve(name + ".out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> environment = builder.environment();
        // this front end's own role and size are not the node's
        environment.remove("CACHE_NODES");
        environment.remove("FRONT_ENDS");
        environment.put("POOL_ROLE", "cache");
        environment.put("CACHE_JOINS_LITE", "true");
        environment.put("POOL_NAME", name);
        environment.put("HTTP_PORT", String.valueOf(httpPort));
        environment.put("GRID_PORT", String.valueOf(gridPort));
        environment.put("GRID_MEMBERS", String.join(",", gridMembers));
        environment.put("POOL_RUN_DIR", runFolder.toString());
        try {
            Files.createDirectories(runFolder);
            Process started = builder.start();
            LOG.info("Started cache node " + name + " (process " + started.pid() + ")");
        } catch (IOException e) {
            throw new ImageCacheException(
                    Reason.CACHE_UNAVAILABLE, "Could not start a cache node: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean canStop(String url) {
        return process(url).isPresent();
    }

    @Override
    public void stopNode(String url) {
        ProcessHandle node = process(url)
                .orElseThrow(() -> new ImageCacheException(
                        Reason.CONFLICT, "The cache node at " + url + " does not run on this machine"));
        LOG.info("Stopping the cache node at " + url + " (process " + node.pid() + ")");
        node.destroy();
    }

    /** The live process of the node at {@code url}, by the process id it left under its port. */
    private Optional<ProcessHandle> process(String url) {
        int port = URI.create(url).getPort();
        Path pidFile = runFolder.resolve(port + ".pid");
        if (port < 0 || !Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(
                    Files.readString(pidFile, StandardCharsets.US_ASCII).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
