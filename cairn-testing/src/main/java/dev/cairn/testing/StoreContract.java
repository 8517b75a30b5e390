package dev.cairn.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.json.Json;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the store contract suites share: a fresh store per test, opened on a {@link ManualClock},
 * and helpers to make sessions and events.
 *
 * <p>An implementation's test class provides {@link #openStore}: each test starts with an empty
 * store, and opening it again within one test (after {@link #reopenStore}) must find the same
 * data.
 */
public abstract class StoreContract {

    /** Where the clock of every test starts; on a whole millisecond, as stores may keep no finer. */
    protected static final Instant START = Instant.parse("2025-03-01T09:00:00Z");
    protected static final String TENANT = "tenant_a";
    protected static final String OTHER_TENANT = "tenant_b";

    protected final ManualClock clock = ManualClock.at(START);
    protected Store store;

    /**
     * Opens the store under test: empty at the first call of a test, the same data at later calls
     * in that test.
     */
    protected abstract Store openStore(Clock clock);

    @BeforeEach
    void openFreshStore() {
        store = openStore(clock);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** Closes the store and opens it again on the same data. */
    protected Store reopenStore() {
        store.close();
        store = null;
        store = openStore(clock);
        return store;
    }

    /** Creates a session of {@link #TENANT}; its log holds {@code session.created} at seq 1. */
    protected SessionRecord createSession(String sessionId) {
        return createSession(TENANT, sessionId, "helper");
    }

    protected SessionRecord createSession(String tenantId, String sessionId, String agent) {
        ObjectNode metadata = Json.object().put("channel", "test");
        SessionRecord session = new SessionRecord(sessionId, tenantId, agent, 1, "user_1", metadata, clock.instant());
        store.sessions().create(session);
        return session;
    }

    /** Forks {@code parentId} (of {@link #TENANT}) after its event {@code atSeq} as {@code forkId}. */
    protected SessionRecord fork(String parentId, long atSeq, String forkId) {
        SessionRecord parent = store.sessions().find(TENANT, parentId).orElseThrow();
        SessionRecord fork = new SessionRecord(forkId, TENANT, parent.agent(), parent.agentVersion(), parent.userId(),
                parent.metadata(), clock.instant(), new SessionRecord.ForkPoint(parentId, atSeq));
        store.sessions().fork(fork);
        return fork;
    }

    protected static NewEvent userMessage(String text) {
        return NewEvent.of(new EventPayload.UserMessage(null, text));
    }

    protected static List<NewEvent> userMessages(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> userMessage(prefix + i)).toList();
    }

    protected static String text(Event event) {
        return ((EventPayload.UserMessage) event.payload()).content();
    }
}
