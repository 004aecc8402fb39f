package imagecache.frontend.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives Arquillian's Payara Micro container the command line start.sh starts the server with
 * ({@code start.sh --options}), so that the Arquillian test and every other test run the same server
 * and the options are written once. Arquillian reads its container's configuration from system
 * properties named {@code arq.container.<qualifier>.configuration.<property>} when it starts; as an
 * extension registered before Arquillian's, this initialises the test class first, whose static
 * initialiser calls {@link #likeStartSh}.
 */
final class ArquillianLaunch implements BeforeAllCallback {

    private static final String CONFIGURATION = "arq.container.payara-micro.configuration.";

    @Override
    public void beforeAll(ExtensionContext context) throws ClassNotFoundException {
        Class<?> test = context.getRequiredTestClass();
        Class.forName(test.getName(), true, test.getClassLoader());
    }

    /**
     * Configures the container as start.sh would start a server on {@code port} with {@code
     * environment} (what the test means: database, folders, limits), passed to the server as the
     * system properties MicroProfile Config maps those variables to, its temporary files in {@code
     * workDir}.
     */
    static void likeStartSh(int port, Map<String, String> environment, Path workDir) {
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m", "-Djava.io.tmpdir=" + folder(workDir.resolve("tmp"))));
        List<String> micro = new ArrayList<>();
        for (String line : options(port, environment)) {
            String[] kindAndWord = line.split(" ", 2);
            (kindAndWord[0].equals("jvm") ? jvm : micro).add(kindAndWord[1]);
        }
        // MicroProfile Config reads DB_URL as db.url: the same setting, as the container passes no environment
        environment.forEach(
                (name, value) -> jvm.add("-D" + name.toLowerCase(Locale.ROOT).replace('_', '.') + "=" + value));
        // start.sh's port, not one Arquillian picks
        System.setProperty(CONFIGURATION + "randomHttpPort", "false");
        System.setProperty(CONFIGURATION + "cmdOptions", String.join(" ", jvm));
        System.setProperty(CONFIGURATION + "extraMicroOptions", String.join(" ", micro));
    }

    private static Path folder(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> options(int port, Map<String, String> environment) {
        ProcessBuilder builder =
                new ProcessBuilder("bash", ItConfig.property("it.startScript"), "--options").redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HTTP_PORT", String.valueOf(port));
        env.put("CACHE_PORT", String.valueOf(PayaraServer.freePort()));
        env.putAll(environment);
        try {
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("start.sh --options failed: " + out);
            }
            return out.lines()
                    .filter(line -> line.startsWith("jvm ") || line.startsWith("micro "))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
