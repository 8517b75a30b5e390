package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.CairnException;
import dev.cairn.core.approval.ApprovalStatus;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.run.RunState;
import dev.cairn.core.store.ApprovalIndex;
import dev.cairn.core.store.ApprovalRecord;
import dev.cairn.core.store.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ApprovalIndex} must do: follow {@code approval.*} events and the end of their
 * runs, refuse a second decision, move the run index with them, and stay inside the tenant.
 */
public abstract class ApprovalIndexContract extends StoreContract {

    private ApprovalIndex approvals() {
        return store.approvals();
    }

    private void append(String sessionId, String runId, EventPayload... payloads) {
        long last = store.events().lastSeq(sessionId);
        List<NewEvent> events = java.util.Arrays.stream(payloads).map(payload -> NewEvent.ofRun(runId, payload)).toList();
        store.events().appendAndWait(sessionId, last, events);
    }

    private void runningRun(String sessionId, String runId) {
        append(sessionId, runId, new EventPayload.RunQueued("message", 1), new EventPayload.RunStarted("helper", 1, "default"));
    }

    private static EventPayload.ApprovalRequested request(String approvalId, String callId, Instant expiresAt) {
        return new EventPayload.ApprovalRequested(approvalId, callId, "refund", "{\"order\":7}", expiresAt, "policy");
    }

    private RunState runState(String runId) {
        return store.runs().find(TENANT, runId).map(RunRecord::state).orElseThrow();
    }

    @Test
    void aRequestIsIndexedAsPendingAndTheRunWaits() {
        createSession("s1");
        runningRun("s1", "run_1");
        Instant expiresAt = START.plus(Duration.ofHours(24));
        append("s1", "run_1", new EventPayload.ToolRequested(1, "call_1", "refund", "{\"order\":7}"),
                request("apr_1", "call_1", expiresAt));

        assertThat(approvals().find(TENANT, "apr_1")).contains(new ApprovalRecord("apr_1", TENANT, "s1", "run_1", "call_1",
                "refund", "{\"order\":7}", "policy", ApprovalStatus.PENDING, START, expiresAt, null, null, null));
        assertThat(runState("run_1")).isEqualTo(RunState.AWAITING_APPROVAL);
        assertThat(approvals().countPending(TENANT)).isEqualTo(1);
    }

    @Test
    void aDecisionIsIndexedAndTheRunGoesOnOnlyOnceItsLastApprovalIsDecided() {
        createSession("s1");
        runningRun("s1", "run_1");
        append("s1", "run_1", request("apr_1", "call_1", START.plusSeconds(60)), request("apr_2", "call_2", START.plusSeconds(60)));
        Instant decidedAt = clock.advance(Duration.ofSeconds(5));

        append("s1", "run_1", new EventPayload.ApprovalDecided("apr_1", "approved", "key_1", "fine"));
        assertThat(approvals().find(TENANT, "apr_1")).hasValueSatisfying(record -> {
            assertThat(record.status()).isEqualTo(ApprovalStatus.APPROVED);
            assertThat(record.decidedAt()).isEqualTo(decidedAt);
            assertThat(record.decidedBy()).isEqualTo("key_1");
            assertThat(record.reason()).isEqualTo("fine");
        });
        assertThat(runState("run_1")).isEqualTo(RunState.AWAITING_APPROVAL);

        append("s1", "run_1", new EventPayload.ApprovalDecided("apr_2", "denied", "key_1", null));
        assertThat(approvals().find(TENANT, "apr_2")).map(ApprovalRecord::status).contains(ApprovalStatus.DENIED);
        assertThat(runState("run_1")).isEqualTo(RunState.RUNNING);
        assertThat(approvals().countPending(TENANT)).isZero();
    }

    @Test
    void anApprovalIsNeverDecidedTwiceAndTheSecondAppendStoresNothing() {
        createSession("s1");
        runningRun("s1", "run_1");
        append("s1", "run_1", request("apr_1", "call_1", START.plusSeconds(60)));
        append("s1", "run_1", new EventPayload.ApprovalDecided("apr_1", "denied", "key_1", "no"));
        long last = store.events().lastSeq("s1");

        assertThatThrownBy(() -> append("s1", "run_1", new EventPayload.ApprovalDecided("apr_1", "approved", "key_2", null)))
                .isInstanceOf(CairnException.class).hasMessageContaining("apr_1");
        assertThatThrownBy(() -> append("s1", "run_1", new EventPayload.ApprovalDecided("apr_unknown", "approved", "key_2", null)))
                .isInstanceOf(CairnException.class).hasMessageContaining("apr_unknown");
        assertThat(store.events().lastSeq("s1")).isEqualTo(last);
        assertThat(approvals().find(TENANT, "apr_1")).map(ApprovalRecord::decidedBy).contains("key_1");
    }

    @Test
    void theEndOfARunCancelsItsPendingApprovals() {
        createSession("s1");
        runningRun("s1", "run_1");
        append("s1", "run_1", request("apr_1", "call_1", START.plusSeconds(60)));
        append("s1", "run_1", new EventPayload.RunCancelled("changed my mind"));

        assertThat(approvals().find(TENANT, "apr_1")).hasValueSatisfying(record -> {
            assertThat(record.status()).isEqualTo(ApprovalStatus.CANCELLED);
            assertThat(record.decidedBy()).isEqualTo("system");
        });
        assertThat(approvals().overdue(START.plusSeconds(120), 10)).isEmpty();
    }

    @Test
    void listFiltersBySessionAndStatusNewestFirstAndOverdueSpansTenants() {
        createSession("s1");
        createSession("s2");
        createSession(OTHER_TENANT, "s3", "helper");
        runningRun("s1", "run_1");
        runningRun("s2", "run_2");
        runningRun("s3", "run_3");
        append("s1", "run_1", request("apr_1", "call_1", START.plusSeconds(30)));
        clock.advance(Duration.ofSeconds(1));
        append("s2", "run_2", request("apr_2", "call_1", START.plusSeconds(90)));
        clock.advance(Duration.ofSeconds(1));
        append("s3", "run_3", request("apr_3", "call_1", START.plusSeconds(20)));
        append("s2", "run_2", new EventPayload.ApprovalDecided("apr_2", "approved", "key_1", null));

        assertThat(approvals().list(TENANT, null, null, 10)).extracting(ApprovalRecord::id).containsExactly("apr_2", "apr_1");
        assertThat(approvals().list(TENANT, "s1", null, 10)).extracting(ApprovalRecord::id).containsExactly("apr_1");
        assertThat(approvals().list(TENANT, null, ApprovalStatus.PENDING, 10)).extracting(ApprovalRecord::id)
                .containsExactly("apr_1");
        assertThat(approvals().list(TENANT, null, null, 1)).extracting(ApprovalRecord::id).containsExactly("apr_2");
        assertThat(approvals().countPending(TENANT)).isEqualTo(1);
        assertThat(approvals().overdue(START.plusSeconds(30), 10)).extracting(ApprovalRecord::id)
                .containsExactly("apr_3", "apr_1");
        assertThat(approvals().overdue(START.plusSeconds(25), 10)).extracting(ApprovalRecord::id).containsExactly("apr_3");
    }

    @Test
    void anApprovalIsNotFoundWithAnotherTenantsId() {
        createSession("s1");
        runningRun("s1", "run_1");
        append("s1", "run_1", request("apr_1", "call_1", START.plusSeconds(60)));

        assertThat(approvals().find(OTHER_TENANT, "apr_1")).isEmpty();
        assertThat(approvals().list(OTHER_TENANT, null, null, 10)).isEmpty();
        assertThat(approvals().countPending(OTHER_TENANT)).isZero();
    }

    @Test
    void clientToolCallsMakeTheRunWaitUntilTheCallerResumesIt() {
        createSession("s1");
        runningRun("s1", "run_1");
        append("s1", "run_1", new EventPayload.ToolRequested(1, "call_1", "pick", "{}"),
                new EventPayload.ToolClientRequested("call_1", "pick", "{}"));
        assertThat(runState("run_1")).isEqualTo(RunState.AWAITING_CLIENT_TOOL);

        append("s1", "run_1", new EventPayload.ToolCompleted("call_1", "pick", "a.pdf", 5),
                new EventPayload.RunResumedByClient(List.of("call_1")));
        assertThat(runState("run_1")).isEqualTo(RunState.RUNNING);
    }

    @Test
    void theIndexSurvivesReopen() {
        createSession("s1");
        runningRun("s1", "run_1");
        append("s1", "run_1", request("apr_1", "call_1", START.plusSeconds(60)));

        reopenStore();

        assertThat(approvals().find(TENANT, "apr_1")).map(ApprovalRecord::status).contains(ApprovalStatus.PENDING);
        assertThat(runState("run_1")).isEqualTo(RunState.AWAITING_APPROVAL);
    }
}
