package dev.cairn.store.sqlite;

import dev.cairn.core.store.Store;
import dev.cairn.testing.LedgerStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerStoreTest extends LedgerStoreContract {

    @TempDir
    Path directory;

    @Override
    protected Store openStore(Clock clock) {
        return SqliteStore.open(directory.resolve("cairn.db"), clock);
    }
}
