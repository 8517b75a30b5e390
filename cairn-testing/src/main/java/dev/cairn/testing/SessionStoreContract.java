package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConflictException;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} must do: sessions begin their log and stay inside their tenant,
 * forks share their parent's history, and whole sessions are restored and deleted atomically.
 */
public abstract class SessionStoreContract extends StoreContract {

    private SessionStore sessions() {
        return store.sessions();
    }

    @Test
    void createdSessionIsFoundAndItsLogBeginsWithSessionCreated() {
        SessionRecord session = createSession("s1");

        assertThat(sessions().find(TENANT, "s1")).contains(session);
        List<Event> log = store.events().readAll("s1");
        assertThat(log).hasSize(1);
        assertThat(log.getFirst().seq()).isEqualTo(1);
        assertThat(log.getFirst().createdAt()).isEqualTo(clock.instant());
        assertThat(log.getFirst().payload()).isEqualTo(new EventPayload.SessionCreated(
                session.agent(), session.agentVersion(), session.userId(), session.metadata()));
    }

    @Test
    void creatingASessionTwiceFailsAndKeepsTheFirst() {
        SessionRecord first = createSession("s1");

        assertThatThrownBy(() -> createSession(OTHER_TENANT, "s1", "other"))
                .isInstanceOf(ConflictException.class);

        assertThat(sessions().find(TENANT, "s1")).contains(first);
        assertThat(sessions().find(OTHER_TENANT, "s1")).isEmpty();
        assertThat(store.events().lastSeq("s1")).isEqualTo(1);
    }

    @Test
    void sessionWithoutMetadataOrUserRoundTrips() {
        SessionRecord bare = new SessionRecord("s1", TENANT, "helper", 3, null, null, clock.instant());
        sessions().create(bare);

        assertThat(sessions().find(TENANT, "s1")).contains(bare);
    }

    @Test
    void aSessionIsNotFoundWithAnotherTenantsId() {
        createSession("s1");

        assertThat(sessions().find(OTHER_TENANT, "s1")).isEmpty();
        assertThat(sessions().list(OTHER_TENANT, null, 10)).isEmpty();
    }

    @Test
    void listShowsTheTenantsSessionsNewestFirstByAgentAndLimit() {
        createSession(TENANT, "s1", "helper");
        clock.advance(Duration.ofSeconds(1));
        createSession(TENANT, "s2", "coder");
        clock.advance(Duration.ofSeconds(1));
        createSession(TENANT, "s3", "helper");
        createSession(TENANT, "s4", "helper");
        createSession(OTHER_TENANT, "s5", "helper");

        assertThat(sessions().list(TENANT, null, 10)).extracting(SessionRecord::id)
                .containsExactly("s4", "s3", "s2", "s1");
        assertThat(sessions().list(TENANT, "helper", 10)).extracting(SessionRecord::id)
                .containsExactly("s4", "s3", "s1");
        assertThat(sessions().list(TENANT, null, 2)).extracting(SessionRecord::id).containsExactly("s4", "s3");
    }

    @Test
    void aForkIsFoundWithItsForkPointAndStartsWithSessionForked() {
        createSession("s1");
        store.events().appendAndWait("s1", 1, userMessages("m", 2));

        SessionRecord fork = fork("s1", 2, "f1");

        assertThat(sessions().find(TENANT, "f1")).contains(fork);
        assertThat(fork.forkedFrom()).isEqualTo(new SessionRecord.ForkPoint("s1", 2));
        assertThat(store.events().read("f1", 2, 10)).singleElement().satisfies(event -> {
            assertThat(event.seq()).isEqualTo(3);
            assertThat(event.payload()).isEqualTo(new EventPayload.SessionForked("s1", 2));
        });
        assertThat(store.events().lastSeq("s1")).isEqualTo(3);
    }

    @Test
    void aForkPointPastTheParentsLastEventIsRefusedAndNothingIsStored() {
        createSession("s1");

        assertThatThrownBy(() -> fork("s1", 2, "f1")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("at_seq 2");

        assertThat(sessions().find(TENANT, "f1")).isEmpty();
        assertThat(store.events().readAll("f1")).isEmpty();
    }

    @Test
    void aSessionOfAnotherTenantOrNoneCannotBeForked() {
        createSession(OTHER_TENANT, "theirs", "helper");
        SessionRecord intoTheirs = new SessionRecord("f1", TENANT, "helper", 1, null, null, clock.instant(),
                new SessionRecord.ForkPoint("theirs", 1));
        SessionRecord fromNothing = new SessionRecord("f2", TENANT, "helper", 1, null, null, clock.instant(),
                new SessionRecord.ForkPoint("nobody", 1));

        assertThatThrownBy(() -> sessions().fork(intoTheirs)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> sessions().fork(fromNothing)).isInstanceOf(NotFoundException.class);

        assertThat(sessions().find(TENANT, "f1")).isEmpty();
        assertThat(sessions().find(TENANT, "f2")).isEmpty();
    }

    @Test
    void aForkCannotTakeAnExistingId() {
        createSession("s1");
        createSession("s2");

        assertThatThrownBy(() -> fork("s1", 1, "s2")).isInstanceOf(ConflictException.class);

        assertThat(sessions().find(TENANT, "s2").orElseThrow().forkedFrom()).isNull();
    }

    @Test
    void aRestoredSessionHasItsEventsTimesAndRunsAsGiven() {
        SessionRecord session = new SessionRecord("r1", TENANT, "helper", 2, "u", null, START.minus(Duration.ofDays(3)));
        List<Event> events = List.of(
                new Event("r1", 1, null, START.minus(Duration.ofDays(3)), new EventPayload.SessionCreated("helper", 2, "u", null)),
                new Event("r1", 2, null, START.minus(Duration.ofDays(2)), new EventPayload.UserMessage("m", "hello")),
                new Event("r1", 3, "run_r1", START.minus(Duration.ofDays(2)), new EventPayload.RunQueued("message", 2)),
                new Event("r1", 4, "run_r1", START.minus(Duration.ofDays(1)), new EventPayload.RunCancelled("asked")));

        sessions().restore(session, events, List.of());

        assertThat(sessions().find(TENANT, "r1")).contains(session);
        assertThat(store.events().readAll("r1")).containsExactlyElementsOf(events);
        assertThat(store.runs().find(TENANT, "run_r1")).hasValueSatisfying(run ->
                assertThat(run.state().wireName()).isEqualTo("cancelled"));
        assertThat(store.events().appendAndWait("r1", 4, List.of(userMessage("more"))).getFirst().seq()).isEqualTo(5);
    }

    @Test
    void aRestoreThatCannotBeStoredWhollyStoresNothing() {
        createSession("s1");
        store.events().appendAndWait("s1", 1, List.of(NewEvent.ofRun("run_taken", new EventPayload.RunQueued("message", 1))));
        SessionRecord session = new SessionRecord("r1", TENANT, "helper", 1, null, null, START);
        Event created = new Event("r1", 1, null, START, new EventPayload.SessionCreated("helper", 1, null, null));
        Event takenRun = new Event("r1", 2, "run_taken", START, new EventPayload.RunQueued("message", 1));
        Event gap = new Event("r1", 3, null, START, new EventPayload.UserMessage("m", "hi"));
        Event dangling = new Event("r1", 2, "run_x", START,
                new EventPayload.ToolCompleted("c", "t", "short", 1, "ab".repeat(32), 99_000L));

        assertThatThrownBy(() -> sessions().restore(session, List.of(created, takenRun), List.of()))
                .isInstanceOf(ConflictException.class).hasMessageContaining("run_taken");
        assertThatThrownBy(() -> sessions().restore(session, List.of(created, gap), List.of()))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> sessions().restore(session, List.of(created, dangling), List.of()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("blob");
        assertThatThrownBy(() -> sessions().restore(
                new SessionRecord("s1", TENANT, "helper", 1, null, null, START), List.of(
                        new Event("s1", 1, null, START, new EventPayload.SessionCreated("helper", 1, null, null))), List.of()))
                .isInstanceOf(ConflictException.class);

        assertThat(sessions().find(TENANT, "r1")).isEmpty();
        assertThat(store.events().readAll("r1")).isEmpty();
        assertThat(store.events().lastSeq("s1")).isEqualTo(2);
    }

    @Test
    void deletingASessionRemovesItsLogAndRunsAndFreesItsId() {
        createSession("s1");
        store.events().appendAndWait("s1", 1, List.of(userMessage("hi"),
                NewEvent.ofRun("run_1", new EventPayload.RunQueued("message", 2)),
                NewEvent.ofRun("run_1", new EventPayload.RunCancelled("asked"))));
        createSession("s2");

        sessions().delete(TENANT, "s1", 4);

        assertThat(sessions().find(TENANT, "s1")).isEmpty();
        assertThat(store.events().readAll("s1")).isEmpty();
        assertThat(store.runs().find(TENANT, "run_1")).isEmpty();
        assertThat(sessions().find(TENANT, "s2")).isPresent();
        createSession("s1");
        assertThat(store.events().lastSeq("s1")).isEqualTo(1);
    }

    @Test
    void aSessionThatMovedOnHasAnOpenRunOrAForkIsNotDeleted() {
        createSession("grown");
        store.events().appendAndWait("grown", 1, List.of(userMessage("hi")));
        createSession("busy");
        store.events().appendAndWait("busy", 1, List.of(NewEvent.ofRun("run_open", new EventPayload.RunQueued("message", 1))));
        createSession("parent");
        fork("parent", 1, "child");

        assertThatThrownBy(() -> sessions().delete(TENANT, "grown", 1)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> sessions().delete(TENANT, "busy", 2)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("run_open");
        assertThatThrownBy(() -> sessions().delete(TENANT, "parent", 1)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("child");
        assertThatThrownBy(() -> sessions().delete(OTHER_TENANT, "grown", 2)).isInstanceOf(NotFoundException.class);

        assertThat(store.events().lastSeq("grown")).isEqualTo(2);
        assertThat(store.events().lastSeq("busy")).isEqualTo(2);
        sessions().delete(TENANT, "child", 2);
        sessions().delete(TENANT, "parent", 1);
        assertThat(sessions().find(TENANT, "parent")).isEmpty();
    }

    @Test
    void archivableSessionsAreIdleWithoutOpenRunsOrForks() {
        createSession(TENANT, "idle", "helper");
        createSession(TENANT, "busy", "helper");
        store.events().appendAndWait("busy", 1, List.of(NewEvent.ofRun("run_open", new EventPayload.RunQueued("message", 1))));
        createSession(TENANT, "parent", "helper");
        createSession(TENANT, "other_agent", "coder");
        clock.advance(Duration.ofDays(10));
        fork("parent", 1, "child");
        createSession(TENANT, "fresh", "helper");
        Instant cutoff = clock.instant().minus(Duration.ofDays(5));

        assertThat(sessions().archivable(TENANT, "helper", 1, cutoff, 10)).extracting(SessionRecord::id)
                .containsExactly("idle");
        assertThat(sessions().archivable(OTHER_TENANT, "helper", 1, cutoff, 10)).isEmpty();
        assertThat(sessions().archivable(TENANT, "helper", 2, cutoff, 10)).isEmpty();
        assertThat(sessions().archivable(TENANT, "helper", 1, clock.instant().plusMillis(1), 10)).extracting(SessionRecord::id)
                .containsExactly("idle", "child", "fresh");
    }

    @Test
    void sessionsSurviveReopen() {
        SessionRecord session = createSession("s1");

        reopenStore();

        assertThat(sessions().find(TENANT, "s1")).contains(session);
    }
}
