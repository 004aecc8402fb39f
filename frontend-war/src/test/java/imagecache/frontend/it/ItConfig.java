package imagecache.frontend.it;

import java.nio.file.Path;

/** Where the integration tests find start.sh, their folder and the database (set by failsafe). */
public final class ItConfig {

    private ItConfig() {}

    public static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set: run the tests with mvn verify");
        }
        return value;
    }

    public static Path workDir() {
        return Path.of(property("it.workDir"));
    }

    public static String dbUrl() {
        return property("it.dbUrl");
    }

    public static String dbUser() {
        return property("it.dbUser");
    }

    public static String dbPassword() {
        return property("it.dbPassword");
    }
}
