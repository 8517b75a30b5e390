package dev.cairn.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The cursors a hub keeps for the sessions followed on this node, where other nodes write too. */
class EventHubTest {

    private static final Instant NOW = Instant.parse("2025-03-01T09:00:00Z");

    private final Map<String, Long> heads = Map.of("s1", 7L, "s2", 3L);
    private final EventHub hub = new EventHub(heads::get);

    @Test
    void aFollowedSessionsCursorStartsAtItsHeadAndFollowsWhatIsFannedOut() throws Exception {
        List<StreamItem> received = new ArrayList<>();
        AutoCloseable subscription = hub.subscribe("s1", received::add);
        assertThat(hub.cursor("s1")).isEqualTo(OptionalLong.of(7));
        assertThat(hub.cursor("s2")).as("a session nobody follows").isEmpty();

        hub.appended(List.of(event("s1", 8, null, new EventPayload.UserMessage("m", "hi")),
                event("s2", 4, null, new EventPayload.UserMessage("m", "other"))));
        assertThat(hub.cursor("s1")).isEqualTo(OptionalLong.of(8));
        hub.appended(List.of(event("s1", 6, null, new EventPayload.UserMessage("m", "old"))));
        assertThat(hub.cursor("s1")).as("a repeat of an older event").isEqualTo(OptionalLong.of(8));
        assertThat(received).hasSize(2);

        subscription.close();
        assertThat(hub.followed()).isEmpty();
    }

    @Test
    void aWaitedRunsSessionIsFollowedUntilEveryWaiterIsDoneWhetherTheRunEndedOrNot() {
        CompletableFuture<Void> first = hub.runEnd("s2", "r1");
        CompletableFuture<Void> second = hub.runEnd("s2", "r1");
        assertThat(second).as("waiters of one run share its future").isSameAs(first);
        assertThat(hub.followed()).containsExactly("s2");

        hub.appended(List.of(event("s2", 4, "r1", new EventPayload.RunCompleted("done", 1, null))));
        assertThat(first).isCompleted();
        hub.forgetRunEnd("s2", "r1", first);
        assertThat(hub.followed()).as("one waiter still holds the session").containsExactly("s2");
        hub.forgetRunEnd("s2", "r1", second);
        assertThat(hub.followed()).isEmpty();

        CompletableFuture<Void> timedOut = hub.runEnd("s1", "r2");
        hub.forgetRunEnd("s1", "r2", timedOut);
        assertThat(hub.followed()).as("after a wait that timed out").isEmpty();
        assertThat(hub.runEnd("s1", "r2")).as("a new wait gets a new future").isNotSameAs(timedOut);
    }

    @Test
    void aHubForAStoreOnlyThisProcessWritesKeepsNoCursors() {
        EventHub local = new EventHub();
        local.subscribe("s1", item -> { });
        local.runEnd("s1", "r1");
        assertThat(local.cursor("s1")).isEmpty();
        assertThat(local.followed()).isEmpty();
    }

    private static Event event(String sessionId, long seq, String runId, EventPayload payload) {
        return new Event(sessionId, seq, runId, NOW, payload);
    }
}
