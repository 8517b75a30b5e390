package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.Usage;
import dev.cairn.core.run.RunState;
import dev.cairn.core.runtime.Continuation;
import dev.cairn.core.runtime.PostedMessage;
import dev.cairn.core.runtime.SessionWentOnException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving a session to another agent version: the move is an event of the log, runs queued before
 * it keep their version, later runs use the new one, a fork takes the version of its fork point,
 * and a post continuing a point the session went on from appends nothing.
 */
class SessionMoveTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path folder;

    /** The instructions of every model call, and a gate the calls whose message says "block" wait at. */
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch gate = new CountDownLatch(1);

    private ChatProvider recording() {
        return AgentRuntimeTest.provider("recording", request -> {
            String system = request.messages().stream().filter(Message.System.class::isInstance)
                    .map(m -> ((Message.System) m).text()).findFirst().orElse("");
            seen.add(system.contains("version two") ? "two" : system.contains("version one") ? "one" : system);
            if (request.latestUserText().equals("block")) {
                AgentRuntimeTest.await(gate);
            }
            return new ChatResponse(Message.Assistant.text("ok"), new Usage(1, 1), "stop", "m");
        });
    }

    private static List<EventPayload.SessionAgentMoved> moves(List<Event> events) {
        return events.stream().map(Event::payload).filter(EventPayload.SessionAgentMoved.class::isInstance)
                .map(EventPayload.SessionAgentMoved.class::cast).toList();
    }

    private static List<Integer> startedVersions(List<Event> events) {
        return events.stream().map(Event::payload).filter(EventPayload.RunStarted.class::isInstance)
                .map(p -> ((EventPayload.RunStarted) p).agentVersion()).toList();
    }

    @Test
    void runsQueuedBeforeAMoveKeepTheirVersionAndLaterRunsUseTheNewOne() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(recording()).open()) {
            fixture.agent("name: a\ninstructions: version one\n");
            String session = fixture.session("a");
            PostedMessage blocking = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "block", null);
            PostedMessage queuedBefore = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "before", null);
            AgentVersion two = fixture.agent("name: a\ninstructions: version two\n");

            Event moved = fixture.runtime.moveSession(RuntimeFixture.TENANT, session, "a").orElseThrow();
            assertThat(fixture.runtime.moveSession(RuntimeFixture.TENANT, session, "a")).isEmpty();
            PostedMessage after = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "after", null);
            gate.countDown();
            for (PostedMessage posted : List.of(blocking, queuedBefore, after)) {
                assertThat(fixture.runtime.awaitRun(RuntimeFixture.TENANT, posted.run().id(), WAIT).state())
                        .isEqualTo(RunState.COMPLETED);
            }

            assertThat(moved.payload()).isEqualTo(new EventPayload.SessionAgentMoved("a", 2, "a", 1));
            assertThat(seen).containsExactly("one", "one", "two");
            assertThat(startedVersions(fixture.store.events().readAll(session))).containsExactly(1, 1, 2);
            assertThat(fixture.runtime.runAgent(RuntimeFixture.TENANT, queuedBefore.run().id()).version()).isEqualTo(1);
            assertThat(fixture.runtime.runAgent(RuntimeFixture.TENANT, after.run().id())).isEqualTo(two);
            assertThat(fixture.runtime.sessionAgent(RuntimeFixture.TENANT, session)).isEqualTo(two);
            assertThat(fixture.runtime.session(RuntimeFixture.TENANT, session).agentVersion()).isEqualTo(1);
        }
    }

    @Test
    void aMoveWithTheMessagesIsOneAppendAndAForkTakesTheVersionOfItsForkPoint() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(recording()).open()) {
            fixture.agent("name: a\ninstructions: version one\n");
            String session = fixture.session("a");
            PostedMessage first = fixture.runtime.postMessage(RuntimeFixture.TENANT, session, "first", null);
            long firstEnd = fixture.runtime.awaitRun(RuntimeFixture.TENANT, first.run().id(), WAIT).lastSeq();
            AgentVersion two = fixture.agent("name: a\ninstructions: version two\n");

            PostedMessage second = fixture.runtime.postMessages(RuntimeFixture.TENANT, session, List.of("second"), null,
                    new Continuation(two, firstEnd));
            fixture.runtime.awaitRun(RuntimeFixture.TENANT, second.run().id(), WAIT);
            List<Event> events = fixture.store.events().readAll(session);
            assertThat(events.get((int) firstEnd).payload()).isInstanceOf(EventPayload.SessionAgentMoved.class);
            assertThat(second.message().seq()).isEqualTo(firstEnd + 2);

            String early = fixture.runtime.fork(RuntimeFixture.TENANT, session, firstEnd).id();
            String late = fixture.runtime.fork(RuntimeFixture.TENANT, session,
                    fixture.store.events().lastSeq(session)).id();
            for (String fork : List.of(early, late)) {
                PostedMessage posted = fixture.runtime.postMessage(RuntimeFixture.TENANT, fork, "in fork", null);
                fixture.runtime.awaitRun(RuntimeFixture.TENANT, posted.run().id(), WAIT);
            }
            assertThat(seen).containsExactly("one", "two", "one", "two");
            assertThat(fixture.runtime.sessionAgent(RuntimeFixture.TENANT, early).version()).isEqualTo(1);
            assertThat(fixture.runtime.sessionAgent(RuntimeFixture.TENANT, late).version()).isEqualTo(2);
        }
    }

    @Test
    void aPostContinuingAPointTheSessionWentOnFromAppendsNothing() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(recording()).open()) {
            fixture.agent("name: a\ninstructions: version one\n");
            AgentVersion two = fixture.agent("name: a\ninstructions: version two\n");
            String session = fixture.session("a");
            long created = fixture.store.events().lastSeq(session);
            PostedMessage first = fixture.runtime.postMessages(RuntimeFixture.TENANT, session, List.of("first"), null,
                    new Continuation(null, created));
            fixture.runtime.awaitRun(RuntimeFixture.TENANT, first.run().id(), WAIT);
            long last = fixture.store.events().lastSeq(session);

            assertThatThrownBy(() -> fixture.runtime.postMessages(RuntimeFixture.TENANT, session, List.of("again"), null,
                    new Continuation(two, created)))
                    .isInstanceOf(SessionWentOnException.class).hasMessageContaining("event " + created);

            assertThat(fixture.store.events().lastSeq(session)).isEqualTo(last);
            assertThat(moves(fixture.store.events().readAll(session))).isEmpty();
        }
    }

    @Test
    void anExportedMovedSessionImportsOnTheVersionItMovedTo() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(recording()).open()) {
            fixture.agent("name: a\ninstructions: version one\n");
            String session = fixture.session("a");
            AgentVersion two = fixture.agent("name: a\ninstructions: version two\n");
            fixture.runtime.moveSession(RuntimeFixture.TENANT, session, "a");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fixture.runtime.exportSession(RuntimeFixture.TENANT, session, out);

            String imported = fixture.runtime.importSession(RuntimeFixture.TENANT, out.toString(StandardCharsets.UTF_8)).id();

            assertThat(fixture.runtime.sessionAgent(RuntimeFixture.TENANT, imported)).isEqualTo(two);
            PostedMessage posted = fixture.runtime.postMessage(RuntimeFixture.TENANT, imported, "hello", null);
            fixture.runtime.awaitRun(RuntimeFixture.TENANT, posted.run().id(), WAIT);
            assertThat(seen).containsExactly("two");
        }
    }
}
