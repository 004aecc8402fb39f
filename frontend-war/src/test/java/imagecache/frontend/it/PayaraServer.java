package imagecache.frontend.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The product started by its own start.sh, as a user starts it: both WARs in one Payara Micro
 * process, configured by environment variables, stopped like Ctrl-C would (SIGTERM). Tests get
 * servers through {@link StartedServers}.
 */
public final class PayaraServer implements AutoCloseable {

    /**
     * Where a server is ready, and how long it may take: the front end and the memcache answer, or
     * only the front end, or (a pool's cache node) its cache WAR; a whole pool (five JVMs on two
     * cores) takes longest.
     */
    enum Readiness {
        BOTH_WARS("/api/cache/config", 150),
        FRONT_END("/api/list_keys", 150),
        CACHE_NODE("/cache/api/config", 150),
        POOL("/api/cache/config", 420);

        final String path;
        final int seconds;

        Readiness(String path, int seconds) {
            this.path = path;
            this.seconds = seconds;
        }
    }

    /**
     * Where a server runs: the command start.sh is run under (empty: directly; a network namespace's
     * {@code ip netns exec ...}) and the address it answers on.
     */
    record Host(List<String> launcher, String address) {
        static final Host LOCAL = new Host(List.of(), "127.0.0.1");
    }

    private final Process process;
    private final String address;
    private final int port;
    private final Path log;

    private PayaraServer(Process process, String address, int port, Path log) {
        this.process = process;
        this.address = address;
        this.port = port;
        this.log = log;
    }

    /**
     * Runs start.sh with {@code environment} on top of the test's defaults (DATA_DIR under
     * {@code workDir}, a free port, a 512 MB heap) and waits until it is ready. The process starts
     * from an empty environment: only PATH, HOME, JAVA_HOME (if set) and a UTF-8 LANG are added to those.
     */
    static PayaraServer start(Path workDir, Map<String, String> environment, int port, Readiness readiness) {
        return start(workDir, environment, Host.LOCAL, port, readiness);
    }

    /** As {@link #start(Path, Map, int, Readiness)}, on {@code host}. */
    static PayaraServer start(Path workDir, Map<String, String> environment, Host host, int port, Readiness readiness) {
        // Payara Micro now and then comes up with its HTTP listener unattached ("GrizzlyProxy is
        // NULL" in its log) and never answers: such a start is abandoned and made once more.
        IllegalStateException firstFailure = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            PayaraServer server = launch(workDir, environment, host, port);
            try {
                server.awaitReady(readiness, environment.get("ADMIN_TOKEN"));
                return server;
            } catch (IllegalStateException e) {
                server.kill();
                if (firstFailure != null) {
                    e.addSuppressed(firstFailure);
                    throw e;
                }
                firstFailure = e;
            }
        }
        throw firstFailure;
    }

    private static PayaraServer launch(Path workDir, Map<String, String> environment, Host host, int port) {
        try {
            Files.createDirectories(workDir);
            Path log = Files.createTempFile(workDir, "server-", ".log");
            List<String> command = new ArrayList<>(host.launcher());
            command.addAll(List.of("bash", ItConfig.property("it.startScript")));
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // an empty environment: the server sees what the test means and nothing of the shell
            // that runs the build, whatever variables the product reads now or later
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
            env.put("HOME", System.getProperty("user.home"));
            // start.sh runs java from PATH; mvn (when it builds a missing WAR) may want JAVA_HOME
            Optional.ofNullable(System.getenv("JAVA_HOME")).ifPresent(home -> env.put("JAVA_HOME", home));
            env.put("LANG", "C.UTF-8");
            env.put("HTTP_PORT", String.valueOf(port));
            env.put("CACHE_PORT", String.valueOf(freePort()));
            env.put("DATA_DIR", workDir.resolve("data").toString());
            env.put("JAVA_OPTS", "-Xmx512m");
            // start.sh unpacks Payara Micro under TMPDIR: keep that inside the test's folder
            env.put("TMPDIR", Files.createDirectories(workDir.resolve("tmp")).toString());
            env.putAll(environment);
            return new PayaraServer(builder.start(), host.address(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://" + address + ":" + port;
    }

    public ApiClient api() {
        return new ApiClient(baseUrl());
    }

    /** Waits for {@code readiness}; with an admin token (null: none), which a cache node then needs. */
    private void awaitReady(Readiness readiness, String adminToken) {
        String readyPath = readiness.path;
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl() + readyPath)).timeout(Duration.ofSeconds(10));
        if (adminToken != null) {
            request.header("Authorization", "Bearer " + adminToken);
        }
        HttpRequest ready = request.build();
        try {
            await("Payara Micro answering " + readyPath)
                    .atMost(Duration.ofSeconds(readiness.seconds))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsInstanceOf(IOException.class) // still starting
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "Payara Micro exited with " + process.exitValue() + "; see " + log);
                        }
                        return http.send(ready, BodyHandlers.discarding()).statusCode() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    "Payara Micro did not answer within " + readiness.seconds + " s; see " + log, e);
        }
    }

    /** The server's heap in use right after a full collection, in bytes (read with the JDK's jcmd). */
    public long heapUsedAfterGc() {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("Unexpected jcmd output: " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private String jcmd(String command) {
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            String.valueOf(java().pid()),
                            command)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (jcmd.waitFor() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Payara Micro process start.sh runs. */
    private ProcessHandle java() {
        return process.descendants()
                .filter(p -> p.info().command().orElse("").endsWith("/java"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Payara Micro is not running; see " + log));
    }

    /** The JVM of one member of a pool that start.sh runs (its {@code --name}). */
    public ProcessHandle member(String name) {
        return process.descendants()
                .filter(p ->
                        p.info().arguments().map(List::of).orElse(List.of()).contains(name))
                .filter(p -> p.info().command().orElse("").endsWith("/java"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No pool member " + name + "; see " + log));
    }

    /** Sends a signal (STOP, CONT, KILL) to a process, as {@code kill -SIGNAL pid} does. */
    public static void signal(ProcessHandle target, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(target.pid()))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + target.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the server at once (SIGKILL), as a crash or a power cut would. */
    public void kill() {
        List<ProcessHandle> all = process.descendants().toList();
        all.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            for (ProcessHandle child : all) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("A killed server did not exit; see " + log, e);
        }
    }

    /** Stops the server as Ctrl-C would (start.sh passes it on), and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** The first of {@code count} consecutive ports that are free now (for a pool's grid members). */
    public static int freePorts(int count) {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = 20_000 + random.nextInt(20_000);
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                try (ServerSocket socket = new ServerSocket(port)) {
                    socket.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("No " + count + " consecutive free ports");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
