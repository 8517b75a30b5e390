package dev.cairn.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.event.UnknownEventTypeException;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.StoreException;
import dev.cairn.testing.ManualClock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the PostgreSQL store does beyond the contract suites. */
class PostgresStoreTest {

    @RegisterExtension
    final TestSchema schema = new TestSchema();

    private final ManualClock clock = ManualClock.at(Instant.parse("2025-03-01T09:00:00Z"));
    private PostgresStore store;

    @BeforeEach
    void open() {
        store = schema.open(clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void createSession(String sessionId) {
        store.sessions().create(new SessionRecord(sessionId, "tenant_a", "helper", 1, null, null, clock.instant()));
    }

    private static NewEvent message(String text) {
        return NewEvent.of(new EventPayload.UserMessage(null, text));
    }

    @Test
    void aStoredEventOfAnUnknownTypeIsRefusedByName() throws SQLException {
        createSession("s1");
        insertRaw("INSERT INTO events (session_id, seq, type, payload, created_at)"
                + " VALUES ('s1', 2, 'java.lang.Runtime', '{\"command\":\"rm -rf /\"}', 0)");

        assertThatThrownBy(() -> store.events().readAll("s1"))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("'java.lang.Runtime'");
        assertThat(store.events().read("s1", 0, 1)).hasSize(1);
    }

    @Test
    void textWithNulAndAstralCharactersRoundTrips() {
        createSession("s1");
        String text = "nul \u0000 here, emoji \uD83E\uDEA8, quote \" and backslash \\";

        store.events().appendAndWait("s1", 1, List.of(message(text)));

        assertThat(((EventPayload.UserMessage) store.events().readAll("s1").getLast().payload()).content()).isEqualTo(text);
    }

    @Test
    void appendsToOneSessionMayBePipelined() {
        createSession("s1");

        List<CompletableFuture<List<Event>>> appends = new ArrayList<>();
        for (long expected = 1; expected <= 20; expected++) {
            appends.add(store.events().append("s1", expected, List.of(message("m" + expected))));
        }

        assertThat(appends).allSatisfy(append -> assertThat(StoreException.join(append)).hasSize(1));
        assertThat(store.events().lastSeq("s1")).isEqualTo(21);
    }

    @Test
    void emptyOrNegativeAppendsAndBadTokensOrTtlsAreRefused() {
        createSession("s1");

        assertThatThrownBy(() -> store.events().appendAndWait("s1", 1, List.of()))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store.events().appendAndWait("s1", -1, List.of(message("x"))))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> store.events().appendAndWait("s1", 1, List.of(message("x")), -1))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("fencing token");
        assertThatThrownBy(() -> store.leases().acquire("s1", "worker_1", Duration.ofNanos(999_999)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("ttl");
        assertThat(store.leases().current("s1")).isEmpty();
        assertThat(store.events().lastSeq("s1")).isEqualTo(1);
    }

    @Test
    void eventTimesComeFromTheClockToTheMillisecond() {
        createSession("s1");
        clock.set(Instant.parse("2025-03-01T09:00:00.123456789Z"));

        Event stored = store.events().appendAndWait("s1", 1, List.of(message("hi"))).getFirst();

        assertThat(stored.createdAt()).isEqualTo(Instant.parse("2025-03-01T09:00:00.123Z"));
        assertThat(store.events().read("s1", 1, 1)).containsExactly(stored);
    }

    @Test
    void sessionMetadataKeepsJsonNull() {
        SessionRecord session = new SessionRecord("s1", "tenant_a", "helper", 1, "u", NullNode.getInstance(),
                clock.instant());
        store.sessions().create(session);

        assertThat(store.sessions().find("tenant_a", "s1")).contains(session);
    }

    @Test
    void aClosedStoreIsNotReadyAndRefusesReadsAndWritesAndMayBeClosedAgain() {
        createSession("s1");
        assertThat(store.ready()).isTrue();

        store.close();
        store.close();

        assertThat(store.ready()).isFalse();
        assertThatThrownBy(() -> store.events().readAll("s1")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.events().appendAndWait("s1", 1, List.of(message("late"))))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> createSession("s2")).isInstanceOf(StoreException.class);
        store = schema.open(clock);
        assertThat(store.events().lastSeq("s1")).isEqualTo(1);
    }

    @Test
    void nodesStartingTogetherOnANewSchemaMigrateItOnce() throws Exception {
        store.close();
        try (Connection connection = schema.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema.name() + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema.name());
        }
        List<Callable<PostgresStore>> nodes = List.of(() -> schema.open(clock), () -> schema.open(clock),
                () -> schema.open(clock));
        List<PostgresStore> opened = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(nodes.size())) {
            for (Future<PostgresStore> node : executor.invokeAll(nodes)) {
                opened.add(node.get());
            }
        }
        store = opened.getFirst();
        opened.subList(1, opened.size()).forEach(PostgresStore::close);

        createSession("s1");
        assertThat(store.events().lastSeq("s1")).isEqualTo(1);
        try (Connection connection = schema.connect(); Statement statement = connection.createStatement();
             var applied = statement.executeQuery(
                     "SELECT count(*), count(DISTINCT version) FROM flyway_schema_history WHERE success")) {
            applied.next();
            assertThat(applied.getInt(1)).as("each migration applied once, by one node").isEqualTo(applied.getInt(2))
                    .isGreaterThanOrEqualTo(2);
        }
    }

    private void insertRaw(String sql) throws SQLException {
        try (Connection connection = schema.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
