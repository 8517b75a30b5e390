package dev.cairn.store.sqlite;

import dev.cairn.core.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens connections to one SQLite file with Cairn's settings, and brings its schema up to date. */
final class SqliteFiles {

    private static final String MIGRATIONS = "classpath:db/migration/sqlite";

    private final Path databaseFile;
    private final String url;
    private final int busyTimeoutMillis;

    SqliteFiles(Path databaseFile, SqliteStoreOptions options) {
        this.databaseFile = databaseFile.toAbsolutePath();
        this.url = "jdbc:sqlite:" + this.databaseFile;
        this.busyTimeoutMillis = Math.toIntExact(options.busyTimeout().toMillis());
    }

    Path databaseFile() {
        return databaseFile;
    }

    /** Creates the file's directory if needed and applies pending migrations. */
    void migrate() {
        try {
            Path directory = databaseFile.getParent();
            if (directory != null) {
                Files.createDirectories(directory);
            }
            SQLiteDataSource dataSource = new SQLiteDataSource(common());
            dataSource.setUrl(url);
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    // Migrations are numbered as they are written, on parallel branches; each
                    // stands alone, so one merged in later with a lower number still applies.
                    .outOfOrder(true)
                    .load()
                    .migrate();
        } catch (IOException | FlywayException e) {
            throw new StoreException("cannot prepare the SQLite store at " + databaseFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The one connection that writes: WAL journal, {@code synchronous=FULL} so a committed
     * transaction is on disk, foreign keys enforced. The driver's generated-keys lookup is off:
     * the store never asks for generated keys, and the lookup ran an extra query after every insert.
     */
    Connection openWriter() {
        SQLiteConfig config = common();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setGetGeneratedKeys(false);
        return open(config, "write");
    }

    /** A read-only connection; under WAL it reads the last commit while the writer writes. */
    Connection openReader() {
        SQLiteConfig config = common();
        config.setReadOnly(true);
        return open(config, "read");
    }

    private SQLiteConfig common() {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setBusyTimeout(busyTimeoutMillis);
        return config;
    }

    private Connection open(SQLiteConfig config, String purpose) {
        try {
            return config.createConnection(url);
        } catch (SQLException e) {
            throw new StoreException("cannot open a " + purpose + " connection to " + databaseFile + ": "
                    + e.getMessage(), e);
        }
    }
}
