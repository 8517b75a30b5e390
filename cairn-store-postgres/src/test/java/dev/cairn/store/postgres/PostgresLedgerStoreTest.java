package dev.cairn.store.postgres;

import dev.cairn.core.store.Store;
import dev.cairn.testing.LedgerStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresLedgerStoreTest extends LedgerStoreContract {

    @RegisterExtension
    final TestSchema schema = new TestSchema();

    @Override
    protected Store openStore(Clock clock) {
        return schema.open(clock);
    }
}
