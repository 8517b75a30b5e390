package dev.cairn.server.runtime;

import static dev.cairn.server.runtime.AgentRuntimeTest.await;
import static dev.cairn.server.runtime.AgentRuntimeTest.tool;
import static dev.cairn.server.runtime.ApprovalRunTest.TENANT;
import static dev.cairn.server.runtime.ApprovalRunTest.awaitEnd;
import static dev.cairn.server.runtime.ApprovalRunTest.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.approval.ApprovalStatus;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.store.ApprovalRecord;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A call that is not idempotent, whose outcome was lost, with on_unknown_outcome: ask. */
class UnknownOutcomeRunTest {

    @TempDir
    Path folder;

    @Test
    void aPersonDecidesWhetherACallWithALostOutcomeIsMadeAgain() throws Exception {
        CountDownLatch bothCalled = new CountDownLatch(2);
        CountDownLatch never = new CountDownLatch(1);
        Tool blockingCharge = tool("charge", false, invocation -> {
            bothCalled.countDown();
            await(never);
            return ToolOutcome.success("charged");
        });
        RuntimeFixture first = RuntimeFixture.in(folder).tool("charge", entry -> blockingCharge).open();
        first.agent("{\"name\": \"a\", \"tools\": [{\"builtin\": \"charge\", \"on_unknown_outcome\": \"ask\"}]}");
        String approvedSession = first.session("a");
        String deniedSession = first.session("a");
        String approvedRun = first.runtime.postMessage(TENANT, approvedSession, "/call charge {\"amount\":5}", null).run().id();
        String deniedRun = first.runtime.postMessage(TENANT, deniedSession, "/call charge {\"amount\":6}", null).run().id();
        assertThat(bothCalled.await(10, TimeUnit.SECONDS)).isTrue();
        first.store.close(); // the process "dies" with both calls in flight

        List<String> chargeKeys = new CopyOnWriteArrayList<>();
        Tool charge = tool("charge", false, invocation -> {
            chargeKeys.add(invocation.idempotencyKey());
            return ToolOutcome.success("charged again");
        });
        try (RuntimeFixture second = RuntimeFixture.in(folder).tool("charge", entry -> charge).open()) {
            assertThat(second.runtime.awaitRun(TENANT, approvedRun, Duration.ofSeconds(20)).state())
                    .isEqualTo(RunState.AWAITING_APPROVAL);
            assertThat(second.runtime.awaitRun(TENANT, deniedRun, Duration.ofSeconds(20)).state())
                    .isEqualTo(RunState.AWAITING_APPROVAL);
            assertThat(chargeKeys).isEmpty();

            ApprovalRecord toApprove = pending(second, approvedSession);
            assertThat(toApprove.cause()).isEqualTo("outcome_unknown");
            second.runtime.decideApproval(TENANT, toApprove.id(), ApprovalStatus.APPROVED, "key_1", "checked: not charged");
            second.runtime.decideApproval(TENANT, pending(second, deniedSession).id(), ApprovalStatus.DENIED, "key_1", "it went through");

            RunView approved = awaitEnd(second, approvedRun);
            assertThat(approved.output()).isEqualTo("charge -> charged again");
            List<Event> events = second.store.events().readAll(approvedSession);
            assertThat(types(events)).containsSubsequence("tool.started", "run.resumed", "tool.outcome_unknown",
                    "approval.requested", "approval.decided", "tool.started", "tool.completed", "run.completed");
            List<String> startedKeys = events.stream().map(Event::payload).filter(EventPayload.ToolStarted.class::isInstance)
                    .map(payload -> ((EventPayload.ToolStarted) payload).idempotencyKey()).toList();
            assertThat(startedKeys).hasSize(2).containsOnly(chargeKeys.getFirst());
            assertThat(chargeKeys).hasSize(1);

            RunView denied = awaitEnd(second, deniedRun);
            assertThat(denied.output()).startsWith("charge -> the outcome of this call is unknown")
                    .endsWith("A person decided not to call it again: it went through");
            assertThat(types(second.store.events().readAll(deniedSession))).filteredOn("tool.started"::equals).hasSize(1);
        } finally {
            never.countDown();
            first.runtime.close();
        }
    }

    private static ApprovalRecord pending(RuntimeFixture fixture, String session) {
        List<ApprovalRecord> pending = fixture.runtime.approvals(TENANT, session, ApprovalStatus.PENDING, 10);
        assertThat(pending).hasSize(1);
        return pending.getFirst();
    }
}
