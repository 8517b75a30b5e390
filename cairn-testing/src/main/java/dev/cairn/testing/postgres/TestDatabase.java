package dev.cairn.testing.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A database of its own for a test, in the machine's PostgreSQL ({@code 127.0.0.1:5432}, user
 * {@code postgres}, trust authentication): created empty by {@link #create} and dropped by
 * {@link #close}, sessions still connected to it included. A test never touches any other
 * database. When PostgreSQL does not answer, {@link #create} fails saying so: nothing is skipped.
 * Thread-safe.
 */
public final class TestDatabase implements AutoCloseable {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5432;
    public static final String USER = "postgres";
    private static final String SERVER = "jdbc:postgresql://" + HOST + ":" + PORT + "/";
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,20}");

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    /**
     * Creates an empty database named {@code cairn_PREFIX_RANDOM}.
     *
     * @param prefix lower-case letters, digits and underscores, starting with a letter
     * @throws IllegalStateException when PostgreSQL cannot be reached or refuses
     */
    public static TestDatabase create(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a test database prefix is 1-21 of [a-z0-9_], starting with a letter: " + prefix);
        }
        String name = "cairn_" + prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + name);
        return new TestDatabase(name);
    }

    public String name() {
        return name;
    }

    /** The JDBC URL of the database, for example {@code jdbc:postgresql://127.0.0.1:5432/cairn_x_1a2b}. */
    public String jdbcUrl() {
        return SERVER + name;
    }

    /** The database as Cairn's {@code store:} setting names it: {@code postgres://postgres@127.0.0.1:5432/NAME}. */
    public String storeUrl() {
        return "postgres://" + USER + "@" + HOST + ":" + PORT + "/" + name;
    }

    /** A new connection to the database, for looking behind the store. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, null);
    }

    /** Drops the database, disconnecting whoever is still connected to it. */
    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, null);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " (user " + USER + ") could not run '"
                    + sql + "': " + e.getMessage() + " (is it running? .ci/run starts it)", e);
        }
    }
}
