package imagecache.frontend.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An empty database of its own on the test MariaDB, for a test whose servers must create the schema
 * or must not meet other tests' rows; dropped again on close.
 */
final class ScratchDatabase implements AutoCloseable {

    private final String name;
    private final String serverUrl = ItConfig.dbUrl().replaceFirst("/[^/]*$", "");

    private ScratchDatabase(String name) {
        this.name = name;
    }

    /**
     * An empty database named {@code name} and a random suffix (the test user may create
     * {@code imagecache_test…}): builds in parallel on one machine share the test MariaDB, and one
     * must not drop the other's database while its servers use it.
     */
    static ScratchDatabase create(String name) throws SQLException {
        ScratchDatabase database = new ScratchDatabase(name + "_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        database.onServer(
                "DROP DATABASE IF EXISTS " + database.name,
                "CREATE DATABASE " + database.name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return database;
    }

    String name() {
        return name;
    }

    /** Its JDBC URL, on the test database server directly. */
    String url() {
        return serverUrl + "/" + name;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), ItConfig.dbUser(), ItConfig.dbPassword());
    }

    /** Its table names in lower case, sorted. */
    List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = connect();
                ResultSet rows = connection.createStatement().executeQuery("SHOW TABLES")) {
            while (rows.next()) {
                names.add(rows.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        names.sort(null);
        return names;
    }

    @Override
    public void close() throws SQLException {
        onServer("DROP DATABASE IF EXISTS " + name);
    }

    private void onServer(String... statements) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(serverUrl + "/", ItConfig.dbUser(), ItConfig.dbPassword());
                Statement statement = connection.createStatement()) {
            for (String each : statements) {
                statement.execute(each);
            }
        }
    }
}
