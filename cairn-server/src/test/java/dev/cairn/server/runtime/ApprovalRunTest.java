package dev.cairn.server.runtime;

import static dev.cairn.server.runtime.AgentRuntimeTest.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConflictException;
import dev.cairn.core.approval.ApprovalStatus;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.store.ApprovalRecord;
import dev.cairn.core.store.Lease;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tools whose policy is require_approval: never called without a person's decision. */
class ApprovalRunTest {

    static final String TENANT = RuntimeFixture.TENANT;
    private static final String REFUND_AGENT = """
            {"name": "a", "tools": [{"builtin": "refund", "policy": "require_approval"}]}
            """;

    @TempDir
    Path folder;

    private final AtomicInteger refunds = new AtomicInteger();
    private final List<String> refundKeys = new CopyOnWriteArrayList<>();
    private final Tool refund = tool("refund", false, invocation -> {
        refunds.incrementAndGet();
        refundKeys.add(invocation.idempotencyKey());
        return ToolOutcome.success("refunded");
    });

    static List<String> types(List<Event> events) {
        return events.stream().map(Event::type).toList();
    }

    static RunView post(RuntimeFixture fixture, String session, String content) throws InterruptedException {
        String runId = fixture.runtime.postMessage(TENANT, session, content, null).run().id();
        return fixture.runtime.awaitRun(TENANT, runId, Duration.ofSeconds(20));
    }

    /** Waits for the run's end, across the times it waits for people. */
    static RunView awaitEnd(RuntimeFixture fixture, String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            RunView run = fixture.runtime.awaitRun(TENANT, runId, Duration.ofSeconds(20));
            if (run.state().terminal()) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " did not end; it is " + run.state());
            }
            Thread.sleep(20);
        }
    }

    /**
     * The session's lease is given up and then left alone for three scans: no worker holds the
     * session, nor claims it again even for a moment (each claim moves the lease's expiry). A kick
     * from the test itself may claim it once more first.
     */
    static void assertNoWorkerHolds(RuntimeFixture fixture, String session) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (released(fixture, session)) {
                Optional<Lease> released = fixture.store.leases().current(session);
                Thread.sleep(150);
                if (fixture.store.leases().current(session).equals(released)) {
                    return;
                }
            } else {
                Thread.sleep(10);
            }
        }
        throw new AssertionError("the lease of " + session + " is held, or claimed again and again: "
                + fixture.store.leases().current(session));
    }

    private static boolean released(RuntimeFixture fixture, String session) {
        Optional<Lease> lease = fixture.store.leases().current(session);
        return lease.isPresent() && !lease.get().expiresAt().isAfter(Instant.now());
    }

    private static ApprovalRecord onlyPending(RuntimeFixture fixture, String session) {
        List<ApprovalRecord> pending = fixture.runtime.approvals(TENANT, session, ApprovalStatus.PENDING, 10);
        assertThat(pending).hasSize(1);
        return pending.getFirst();
    }

    @Test
    void aCallThatNeedsApprovalWaitsWithoutAWorkerAndRunsOnceApproved() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).tool("refund", entry -> refund).open()) {
            fixture.agent(REFUND_AGENT);
            String session = fixture.session("a");
            RunView waiting = post(fixture, session, "/call refund {\"order\":7}");
            assertThat(waiting.state()).isEqualTo(RunState.AWAITING_APPROVAL);
            assertThat(types(fixture.store.events().readAll(session))).endsWith("model.responded", "tool.requested",
                    "approval.requested");
            assertNoWorkerHolds(fixture, session);
            assertThat(refunds).hasValue(0);

            ApprovalRecord approval = onlyPending(fixture, session);
            assertThat(approval.runId()).isEqualTo(waiting.id());
            assertThat(approval.tool()).isEqualTo("refund");
            assertThat(approval.arguments()).isEqualTo("{\"order\":7}");
            assertThat(approval.cause()).isEqualTo("policy");
            assertThat(approval.expiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
            assertThat(fixture.runtime.waits(TENANT, waiting.id()).approvals()).extracting(SessionView.Approval::id)
                    .containsExactly(approval.id());

            ApprovalRecord decided = fixture.runtime.decideApproval(TENANT, approval.id(), ApprovalStatus.APPROVED, "key_1", "ok");
            assertThat(decided.status()).isEqualTo(ApprovalStatus.APPROVED);
            assertThat(decided.decidedBy()).isEqualTo("key_1");
            RunView run = awaitEnd(fixture, waiting.id());
            assertThat(run.state()).isEqualTo(RunState.COMPLETED);
            assertThat(run.output()).isEqualTo("refund -> refunded");
            assertThat(refunds).hasValue(1);
            List<Event> events = fixture.store.events().readAll(session);
            assertThat(types(events)).containsSubsequence("approval.requested", "approval.decided", "tool.started",
                    "tool.completed", "run.completed");
            String startedKey = events.stream().map(Event::payload).filter(EventPayload.ToolStarted.class::isInstance)
                    .map(payload -> ((EventPayload.ToolStarted) payload).idempotencyKey()).findFirst().orElseThrow();
            assertThat(refundKeys).containsExactly(startedKey);

            assertThatThrownBy(() -> fixture.runtime.decideApproval(TENANT, approval.id(), ApprovalStatus.DENIED, "key_2", null))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("already decided");
        }
    }

    @Test
    void aDeniedCallIsNeverMadeAndTheModelIsToldWhy() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).tool("refund", entry -> refund).open()) {
            fixture.agent(REFUND_AGENT);
            String session = fixture.session("a");
            RunView waiting = post(fixture, session, "/call refund {\"order\":7}");
            ApprovalRecord approval = onlyPending(fixture, session);
            fixture.runtime.decideApproval(TENANT, approval.id(), ApprovalStatus.DENIED, "key_1", "too large");
            RunView run = awaitEnd(fixture, waiting.id());
            assertThat(run.output()).isEqualTo("refund -> denied by a person: too large");
            assertThat(refunds).hasValue(0);
            assertThat(types(fixture.store.events().readAll(session))).doesNotContain("tool.started");
            assertThat(fixture.runtime.approval(TENANT, approval.id()).status()).isEqualTo(ApprovalStatus.DENIED);
        }
    }

    @Test
    void anApprovalSurvivesARestartAndIsDecidedAfterIt() throws Exception {
        String session;
        String runId;
        AtomicInteger before = new AtomicInteger();
        Tool countingBefore = tool("refund", false, invocation -> {
            before.incrementAndGet();
            return ToolOutcome.success("refunded before");
        });
        try (RuntimeFixture first = RuntimeFixture.in(folder).tool("refund", entry -> countingBefore).open()) {
            first.agent(REFUND_AGENT);
            session = first.session("a");
            runId = post(first, session, "/call refund {\"order\":7}").id();
        }
        try (RuntimeFixture second = RuntimeFixture.in(folder).tool("refund", entry -> refund).open()) {
            assertThat(second.runtime.run(TENANT, runId).state()).isEqualTo(RunState.AWAITING_APPROVAL);
            ApprovalRecord approval = onlyPending(second, session);
            second.runtime.decideApproval(TENANT, approval.id(), ApprovalStatus.APPROVED, "key_1", null);
            RunView run = awaitEnd(second, runId);
            assertThat(run.output()).isEqualTo("refund -> refunded");
        }
        assertThat(before).hasValue(0);
        assertThat(refunds).hasValue(1);
    }

    @Test
    void anApprovalNobodyDecidesExpiresAndCountsAsDenied() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).tool("refund", entry -> refund).open()) {
            fixture.agent("""
                    {"name": "a", "tools": [{"builtin": "refund", "policy": "require_approval", "approval_timeout": "300ms"}]}
                    """);
            String session = fixture.session("a");
            RunView waiting = post(fixture, session, "/call refund {\"order\":7}");
            assertThat(waiting.state()).isEqualTo(RunState.AWAITING_APPROVAL);
            ApprovalRecord approval = onlyPending(fixture, session);

            RunView run = awaitEnd(fixture, waiting.id());
            assertThat(run.output()).startsWith("refund -> denied: nobody decided within 0.3s");
            assertThat(refunds).hasValue(0);
            ApprovalRecord expired = fixture.runtime.approval(TENANT, approval.id());
            assertThat(expired.status()).isEqualTo(ApprovalStatus.EXPIRED);
            assertThat(expired.decidedBy()).isEqualTo("system");
            assertThatThrownBy(() -> fixture.runtime.decideApproval(TENANT, approval.id(), ApprovalStatus.APPROVED, "key_1", null))
                    .isInstanceOf(ConflictException.class);
        }
    }

    @Test
    void tooManyPendingApprovalsFailANewRequestAtOnce() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).tool("refund", entry -> refund).approvalLimits(2, 3).open()) {
            fixture.agent(REFUND_AGENT);
            String first = fixture.session("a");
            String second = fixture.session("a");
            post(fixture, first, "/call refund {\"n\":1}\n/call refund {\"n\":2}\n/call refund {\"n\":3}");
            post(fixture, second, "/call refund {\"n\":4}\n/call refund {\"n\":5}");

            assertThat(fixture.runtime.approvals(TENANT, first, ApprovalStatus.PENDING, 10)).hasSize(2);
            assertThat(fixture.runtime.approvals(TENANT, second, ApprovalStatus.PENDING, 10)).hasSize(1);
            assertThat(failures(fixture, first)).containsExactly(
                    "too many pending approvals: this session has 2 waiting for a decision (the limit is 2); the call was not made");
            assertThat(failures(fixture, second)).containsExactly(
                    "too many pending approvals: this tenant has 3 waiting for a decision (the limit is 3); the call was not made");
            assertThat(refunds).hasValue(0);
        }
    }

    private static List<String> failures(RuntimeFixture fixture, String session) {
        return fixture.store.events().readAll(session).stream().map(Event::payload)
                .filter(EventPayload.ToolFailed.class::isInstance).map(payload -> ((EventPayload.ToolFailed) payload).error())
                .toList();
    }

    @Test
    void aRunWaitingForApprovalHoldsTheQueueUntilItIsCancelled() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).tool("refund", entry -> refund).open()) {
            fixture.agent(REFUND_AGENT);
            String session = fixture.session("a");
            RunView waiting = post(fixture, session, "/call refund {\"order\":7}");
            String next = fixture.runtime.postMessage(TENANT, session, "hello", null).run().id();
            assertNoWorkerHolds(fixture, session);
            assertThat(fixture.runtime.run(TENANT, next).state()).isEqualTo(RunState.QUEUED);

            RunView cancelled = fixture.runtime.cancel(TENANT, waiting.id(), "not needed");
            assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
            assertThat(fixture.runtime.approvals(TENANT, session, null, 10)).extracting(ApprovalRecord::status)
                    .containsExactly(ApprovalStatus.CANCELLED);
            assertThat(awaitEnd(fixture, next).output()).isEqualTo("echo: hello");
            assertThat(refunds).hasValue(0);
        }
    }
}
