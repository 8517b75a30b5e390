package dev.cairn.server.runtime;

import static dev.cairn.server.runtime.AgentRuntimeTest.tool;
import static dev.cairn.server.runtime.ApprovalRunTest.TENANT;
import static dev.cairn.server.runtime.ApprovalRunTest.assertNoWorkerHolds;
import static dev.cairn.server.runtime.ApprovalRunTest.awaitEnd;
import static dev.cairn.server.runtime.ApprovalRunTest.post;
import static dev.cairn.server.runtime.ApprovalRunTest.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConflictException;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.approval.ApprovalStatus;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.RunWaits;
import dev.cairn.core.runtime.ToolOutput;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client tools: the model calls them, the caller runs them, and the run waits for the outputs. */
class ClientToolRunTest {

    private static final String CLIENT_TOOL = """
            {"name": "pick_file", "description": "Ask the user to pick a file.", "client": true,
             "input_schema": {"type": "object", "properties": {"kind": {"type": "string"}}}}""";

    @TempDir
    Path folder;

    @Test
    void theCallerRunsAClientCallAndTheRunGoesOnWithItsOutput() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).open()) {
            fixture.agent("{\"name\": \"a\", \"tools\": [" + CLIENT_TOOL + "]}");
            String session = fixture.session("a");
            RunView waiting = post(fixture, session, "/call pick_file {\"kind\":\"pdf\"}");
            assertThat(waiting.state()).isEqualTo(RunState.AWAITING_CLIENT_TOOL);
            assertThat(types(fixture.store.events().readAll(session))).endsWith("tool.requested", "tool.client_requested");
            assertNoWorkerHolds(fixture, session);
            RunWaits waits = fixture.runtime.waits(TENANT, waiting.id());
            assertThat(waits.clientCalls()).extracting(SessionView.OpenCall::tool).containsExactly("pick_file");
            String callId = waits.clientCalls().getFirst().callId();
            assertThat(waits.clientCalls().getFirst().arguments()).isEqualTo("{\"kind\":\"pdf\"}");

            long before = fixture.store.events().lastSeq(session);
            assertThatThrownBy(() -> fixture.runtime.submitToolOutputs(TENANT, waiting.id(),
                    List.of(new ToolOutput(callId, "a.pdf", false), new ToolOutput("call_nobody_made", "x", false))))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("call_nobody_made");
            assertThat(fixture.store.events().lastSeq(session)).isEqualTo(before);

            fixture.runtime.submitToolOutputs(TENANT, waiting.id(), List.of(new ToolOutput(callId, "report.pdf", false)));
            RunView run = awaitEnd(fixture, waiting.id());
            assertThat(run.state()).isEqualTo(RunState.COMPLETED);
            assertThat(run.output()).isEqualTo("pick_file -> report.pdf");
            assertThat(types(fixture.store.events().readAll(session))).containsSubsequence("tool.client_requested",
                    "tool.completed", "run.resumed_by_client", "model.requested", "run.completed");

            assertThatThrownBy(() -> fixture.runtime.submitToolOutputs(TENANT, waiting.id(),
                    List.of(new ToolOutput(callId, "again", false))))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("not waiting for client tool outputs");
        }
    }

    @Test
    void aStepWithEveryKindOfCallRunsWhatItMayThenAsksThePersonThenTheCaller() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        AtomicInteger refunds = new AtomicInteger();
        Tool lookup = tool("lookup", invocation -> {
            lookups.incrementAndGet();
            return ToolOutcome.success("found");
        });
        Tool refund = tool("refund", false, invocation -> {
            refunds.incrementAndGet();
            return ToolOutcome.success("refunded");
        });
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).tool("lookup", entry -> lookup).tool("refund", entry -> refund).open()) {
            fixture.agent("{\"name\": \"a\", \"tools\": [{\"builtin\": \"lookup\"}, "
                    + "{\"builtin\": \"refund\", \"policy\": \"require_approval\"}, " + CLIENT_TOOL + "]}");
            String session = fixture.session("a");
            RunView run = post(fixture, session, "/call lookup {}\n/call refund {}\n/call pick_file {}");
            assertThat(run.state()).isEqualTo(RunState.AWAITING_APPROVAL);
            assertNoWorkerHolds(fixture, session);
            assertThat(lookups).hasValue(1);
            assertThat(fixture.runtime.waits(TENANT, run.id()).clientCalls()).isEmpty();

            String approvalId = fixture.runtime.approvals(TENANT, session, ApprovalStatus.PENDING, 10).getFirst().id();
            fixture.runtime.decideApproval(TENANT, approvalId, ApprovalStatus.APPROVED, "key_1", null);
            run = fixture.runtime.awaitRun(TENANT, run.id(), java.time.Duration.ofSeconds(20));
            assertThat(run.state()).isEqualTo(RunState.AWAITING_CLIENT_TOOL); // the caller has its call while refund runs

            String callId = fixture.runtime.waits(TENANT, run.id()).clientCalls().getFirst().callId();
            fixture.runtime.submitToolOutputs(TENANT, run.id(), List.of(new ToolOutput(callId, "no file chosen", true)));
            RunView done = awaitEnd(fixture, run.id());
            // refund runs while the caller answers, so the two results may land in either order
            assertThat(done.output().lines()).containsExactlyInAnyOrder("lookup -> found", "refund -> refunded",
                    "pick_file -> no file chosen");
            assertThat(lookups).hasValue(1);
            assertThat(refunds).hasValue(1);
        }
    }
}
