package dev.cairn.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.approval.ApprovalStatus;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a run's waits for people and callers fold from its events. */
class SessionViewWaitsTest {

    private static final Instant START = Instant.parse("2025-03-01T09:00:00Z");

    private final List<Event> events = new ArrayList<>();
    private Instant now = START;

    private SessionView view() {
        return SessionView.replay("s1", events);
    }

    private void add(Duration after, EventPayload payload) {
        now = now.plus(after);
        events.add(new Event("s1", events.size() + 1, "run_1", now, payload));
    }

    private void runningWithTwoCalls() {
        add(Duration.ZERO, new EventPayload.RunQueued("message", 1));
        add(Duration.ZERO, new EventPayload.RunStarted("a", 1, "default"));
        add(Duration.ZERO, new EventPayload.ToolRequested(1, "c1", "refund", "{}"));
        add(Duration.ZERO, new EventPayload.ToolRequested(1, "c2", "refund", "{}"));
    }

    private static EventPayload.ApprovalRequested request(String id, String callId) {
        return new EventPayload.ApprovalRequested(id, callId, "refund", "{}", START.plusSeconds(3600), "policy");
    }

    @Test
    void aRunWaitsUntilItsLastApprovalIsDecidedAndWaitingDoesNotCountAsRunning() {
        runningWithTwoCalls();
        add(Duration.ofSeconds(1), request("a1", "c1"));
        add(Duration.ZERO, request("a2", "c2"));
        RunView waiting = view().run("run_1").orElseThrow();
        assertThat(waiting.state()).isEqualTo(RunState.AWAITING_APPROVAL);
        assertThat(waiting.pendingApprovals()).isEqualTo(2);
        assertThat(view().openCalls("run_1")).allMatch(SessionView.OpenCall::awaitingApproval);

        add(Duration.ofMinutes(10), new EventPayload.ApprovalDecided("a1", "approved", "key_1", null));
        assertThat(view().run("run_1").orElseThrow().state()).isEqualTo(RunState.AWAITING_APPROVAL);
        add(Duration.ofMinutes(10), new EventPayload.ApprovalDecided("a2", "denied", "key_1", "no"));
        RunView running = view().run("run_1").orElseThrow();
        assertThat(running.state()).isEqualTo(RunState.RUNNING);
        assertThat(running.waited()).isEqualTo(Duration.ofMinutes(20));
        assertThat(running.activeTime(now.plusSeconds(5))).isEqualTo(Duration.ofSeconds(6));
        assertThat(view().openCalls("run_1")).extracting(call -> call.approval().status())
                .containsExactly(ApprovalStatus.APPROVED, ApprovalStatus.DENIED);
    }

    @Test
    void aStartAfterApprovalClearsTheApprovalSoALostOutcomeAsksAgain() {
        runningWithTwoCalls();
        add(Duration.ZERO, new EventPayload.ToolStarted("c1", "refund", "key"));
        add(Duration.ZERO, new EventPayload.ToolOutcomeUnknown("c1", "refund", "key", "stopped"));
        add(Duration.ZERO, new EventPayload.ApprovalRequested("a1", "c1", "refund", "{}", START.plusSeconds(60), "outcome_unknown"));
        add(Duration.ZERO, new EventPayload.ApprovalDecided("a1", "approved", "key_1", null));
        add(Duration.ZERO, new EventPayload.ToolStarted("c1", "refund", "key"));
        SessionView.OpenCall call = view().openCalls("run_1").getFirst();
        assertThat(call.started()).isTrue();
        assertThat(call.outcomeUnknown()).isFalse();
        assertThat(call.approval()).isNull();
        assertThat(call.approvalsAsked()).isEqualTo(1);
    }

    @Test
    void clientCallsMakeTheRunWaitUntilTheCallerResumesIt() {
        runningWithTwoCalls();
        add(Duration.ZERO, new EventPayload.ToolClientRequested("c1", "pick", "{}"));
        add(Duration.ZERO, new EventPayload.ToolClientRequested("c2", "pick", "{}"));
        assertThat(view().run("run_1").orElseThrow().state()).isEqualTo(RunState.AWAITING_CLIENT_TOOL);
        add(Duration.ofSeconds(30), new EventPayload.ToolCompleted("c1", "pick", "a", 1));
        add(Duration.ZERO, new EventPayload.ToolFailed("c2", "pick", "no file", 1));
        add(Duration.ZERO, new EventPayload.RunResumedByClient(List.of("c1", "c2")));
        RunView running = view().run("run_1").orElseThrow();
        assertThat(running.state()).isEqualTo(RunState.RUNNING);
        assertThat(running.waited()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anEndedRunCancelsItsPendingApprovalsAndALogThatDecidesWhatNobodyAskedFailsLoudly() {
        runningWithTwoCalls();
        add(Duration.ZERO, request("a1", "c1"));
        add(Duration.ZERO, new EventPayload.RunCancelled("stop"));
        SessionView view = view();
        assertThat(view.approval("a1")).map(SessionView.Approval::status).contains(ApprovalStatus.CANCELLED);
        assertThat(view.pendingApprovals()).isEmpty();

        add(Duration.ZERO, new EventPayload.ApprovalDecided("a1", "approved", "key_1", null));
        assertThatThrownBy(this::view).isInstanceOf(RuntimeException.class);
    }
}
