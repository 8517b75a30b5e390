package dev.cairn.store.sqlite;

import dev.cairn.core.store.Store;
import dev.cairn.testing.DocumentStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class SqliteDocumentStoreTest extends DocumentStoreContract {

    @TempDir
    Path directory;

    @Override
    protected Store openStore(Clock clock) {
        return SqliteStore.open(directory.resolve("cairn.db"), clock);
    }
}
