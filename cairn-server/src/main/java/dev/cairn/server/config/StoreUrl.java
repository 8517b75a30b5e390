package dev.cairn.server.config;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.store.postgres.PostgresStoreOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which store {@code store} in {@code cairn.yaml} (or {@code CAIRN_STORE}) names, by its scheme:
 * {@code sqlite:PATH} for the embedded store, {@code postgres://}, {@code postgresql://} or
 * {@code jdbc:postgresql://} for a PostgreSQL database that several nodes may share.
 */
public sealed interface StoreUrl {

    /** The embedded SQLite store in {@code file}. */
    record Sqlite(Path file) implements StoreUrl {
        public Sqlite {
            Objects.requireNonNull(file, "file");
        }
    }

    /** A PostgreSQL database; {@link PostgresStoreOptions#toString} never shows the password. */
    record Postgres(PostgresStoreOptions options) implements StoreUrl {
        public Postgres {
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * Reads a store URL.
     *
     * @throws ConfigException naming what is wrong with it; the message never holds a password
     */
    static StoreUrl parse(String store) {
        Objects.requireNonNull(store, "store");
        if (store.startsWith("sqlite:")) {
            if (store.length() == "sqlite:".length()) {
                throw new ConfigException("store 'sqlite:' names no file; use sqlite:PATH");
            }
            return new Sqlite(Path.of(store.substring("sqlite:".length())));
        }
        if (store.startsWith("postgres:") || store.startsWith("postgresql:") || store.startsWith("jdbc:postgresql:")) {
            try {
                return new Postgres(PostgresStoreOptions.parse(store));
            } catch (InvalidRequestException e) {
                throw new ConfigException("store: " + e.getMessage(), e);
            }
        }
        String shown = store.contains("@") ? store.substring(0, store.indexOf(':') + 1) + "..." : store;
        throw new ConfigException("store '" + shown + "' is not supported; use sqlite:PATH or postgres://USER@HOST:PORT/DATABASE");
    }
}
