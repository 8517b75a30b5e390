package dev.cairn.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionChangeTest {

    private static final Instant NOW = Instant.parse("2025-03-01T09:00:00Z");

    @Test
    void aBatchIsAnnouncedByItsSequenceRange() {
        SessionChange change = SessionChange.of("t1", List.of(event("s1", 4, new EventPayload.UserMessage("m", "hi")),
                event("s1", 5, new EventPayload.UserMessage("m2", "there"))));

        assertThat(change).isEqualTo(new SessionChange("t1", "s1", 4, 5, false));
    }

    @Test
    void aBatchSchedulesWorkWhenItQueuesCancelsDecidesOrResumesARun() {
        List<EventPayload> scheduling = List.of(new EventPayload.RunQueued("message", 1),
                new EventPayload.RunCancelRequested("stop"), new EventPayload.RunCancelled("stop"),
                new EventPayload.ApprovalDecided("a1", "approved", "u1", null),
                new EventPayload.RunResumedByClient(List.of("c1")));
        for (EventPayload payload : scheduling) {
            assertThat(SessionChange.of("t1", List.of(event("s1", 1, payload))).schedules()).as(payload.toString()).isTrue();
        }
        assertThat(SessionChange.of("t1", List.of(event("s1", 1, new EventPayload.RunCompleted("done", 1, null))))
                .schedules()).as("a run ending").isFalse();
    }

    @Test
    void aChangeHoldsOneSessionsEventsAndAValidRange() {
        assertThatThrownBy(() -> SessionChange.of("t1", List.of(event("s1", 1, new EventPayload.UserMessage("m", "a")),
                event("s2", 1, new EventPayload.UserMessage("m", "b")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'s1' and 's2'");
        assertThatThrownBy(() -> SessionChange.of("t1", List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionChange("t1", "s1", 5, 4, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 to 4");
    }

    private static Event event(String sessionId, long seq, EventPayload payload) {
        return new Event(sessionId, seq, payload instanceof EventPayload.UserMessage ? null : "r1", NOW, payload);
    }
}
