package imagecache.frontend.it;

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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The product as start.sh runs it: both WARs in one Payara Micro process, configured by
 * environment variables, started and stopped like a user would (SIGTERM).
 */
public final class PayaraServer implements AutoCloseable {

    /** Variables of the test's own environment that must not leak into the server's. */
    private static final List<String> PRODUCT_VARIABLES = List.of(
            "DB_URL",
            "DB_USER",
            "DB_PASSWORD",
            "DB_CLASS",
            "DATA_DIR",
            "IMAGES_DIR",
            "CACHE_URL",
            "HTTP_PORT",
            "CACHE_PORT",
            "CACHE_CAPACITY_MB",
            "CACHE_POLICY",
            "MAX_UPLOAD_MB",
            "ADMIN_TOKEN",
            "UPLOADS_IN_FLIGHT",
            "UPLOADS_RETRY_AFTER_SECONDS",
            "UPLOAD_MIN_RATE_KIB",
            "UPLOAD_RATE_WINDOW_SECONDS");

    private final Process process;
    private final int port;
    private final Path log;

    private PayaraServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the server with {@code workDir} as its working directory and waits until both WARs answer. */
    public static PayaraServer start(Path workDir, Map<String, String> environment) {
        return start(workDir, environment, "/api/cache/config");
    }

    /** Starts a server whose front end is pointed at no memcache; waits until the front end answers. */
    public static PayaraServer startWithoutCache(Path workDir, Map<String, String> environment) {
        return start(workDir, environment, "/api/list_keys");
    }

    /** Starts the server on a given port (see {@link #freePort()}). */
    public static PayaraServer startOnPort(Path workDir, Map<String, String> environment, int port) {
        return start(workDir, environment, "/api/list_keys", port);
    }

    private static PayaraServer start(Path workDir, Map<String, String> environment, String readyPath) {
        return start(workDir, environment, readyPath, freePort());
    }

    private static PayaraServer start(Path workDir, Map<String, String> environment, String readyPath, int port) {
        // Payara Micro now and then comes up with its HTTP listener unattached ("GrizzlyProxy is
        // NULL" in its log) and never answers: such a start is abandoned and made once more.
        IllegalStateException firstFailure = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            PayaraServer server = launch(workDir, environment, port);
            try {
                server.awaitReady(readyPath);
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

    private static PayaraServer launch(Path workDir, Map<String, String> environment, int port) {
        try {
            Files.createDirectories(workDir);
            Path log = Files.createTempFile(workDir, "server-", ".log");
            List<String> command = new ArrayList<>(List.of(
                    javaBinary(),
                    "-Xmx512m",
                    "-Dcache.port=" + freePort(),
                    "-jar",
                    ItConfig.property("payara.microJar"),
                    "--nocluster",
                    "--port",
                    String.valueOf(port),
                    "--rootDir",
                    Files.createTempDirectory(workDir, "micro-root-").toString(),
                    "--prebootcommandfile",
                    ItConfig.property("it.preBootCommands"),
                    "--postbootcommandfile",
                    ItConfig.property("it.postBootCommands"),
                    "--deploy",
                    ItConfig.property("it.cacheWar") + ":/cache",
                    "--deploy",
                    ItConfig.property("it.frontendWar") + ":/"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            PRODUCT_VARIABLES.forEach(builder.environment()::remove);
            builder.environment().putAll(environment);
            return new PayaraServer(builder.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public ApiClient api() {
        return new ApiClient(baseUrl());
    }

    private void awaitReady(String readyPath) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see " + log);
            }
            try {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + readyPath))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException("Payara Micro did not answer within 150 s; see " + log);
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
                            String.valueOf(process.pid()),
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

    /** Kills the server at once (SIGKILL), as a crash or a power cut would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server as Ctrl-C would, and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
