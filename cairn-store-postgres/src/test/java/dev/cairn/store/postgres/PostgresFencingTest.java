package dev.cairn.store.postgres;

import dev.cairn.core.store.Store;
import dev.cairn.testing.FencingContract;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresFencingTest extends FencingContract {

    @RegisterExtension
    final TestSchema schema = new TestSchema();

    @Override
    protected Store openStore(Clock clock) {
        return schema.open(clock);
    }
}
