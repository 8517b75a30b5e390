package dev.cairn.server.runtime;

import static dev.cairn.server.runtime.AgentRuntimeTest.await;
import static dev.cairn.server.runtime.AgentRuntimeTest.tool;
import static dev.cairn.server.runtime.ApprovalRunTest.awaitEnd;
import static dev.cairn.server.runtime.ApprovalRunTest.types;
import static dev.cairn.server.runtime.DelegationRunTest.delegate;
import static dev.cairn.server.runtime.DelegationRunTest.delegations;
import static dev.cairn.server.runtime.RuntimeFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.event.EventPayload;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.EventStream;
import dev.cairn.core.runtime.StreamItem;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens to a child while its parent waits. The worker running a delegating call dies
 * while the child runs: the resumed parent never starts a second child (not idempotent, the
 * default: the call's outcome is unknown and the model is told; declared idempotent: the
 * repeated call finds the same child and waits for it). The parent is cancelled, or the child
 * uses up the parent's tokens: the child is stopped.
 */
class DelegationCrashTest {

    @TempDir
    Path folder;

    /** Opens a runtime whose worker agent's {@code slow} tool blocks, starts a delegation, and lets the process "die" mid-child. */
    private String startAndDie(boolean idempotent) throws InterruptedException {
        CountDownLatch childWorking = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Tool blocking = tool("slow", true, invocation -> {
            childWorking.countDown();
            await(never);
            return ToolOutcome.success("never");
        });
        RuntimeFixture first = RuntimeFixture.in(folder).delegation().tool("slow", entry -> blocking).open();
        first.agent("{name: worker, tools: [{builtin: slow}]}");
        first.agent("{name: boss, tools: [{delegate: {agents: [worker]}, idempotent: " + idempotent + "}]}");
        String session = first.session("boss");
        String runId = first.runtime.postMessage(TENANT, session, delegate("worker", "/call slow {}"), null).run().id();
        assertThat(childWorking.await(20, TimeUnit.SECONDS)).isTrue();
        first.store.close(); // the process "dies" with the parent waiting and the child in its tool call
        return session + " " + runId;
    }

    @Test
    void aResumedParentWhoseCallIsNotIdempotentIsToldAndStartsNoSecondChild() throws Exception {
        String[] started = startAndDie(false).split(" ");
        AtomicInteger calls = new AtomicInteger();
        Tool quick = tool("slow", true, invocation -> ToolOutcome.success("done " + calls.incrementAndGet()));
        try (RuntimeFixture second = RuntimeFixture.in(folder).delegation().tool("slow", entry -> quick).open()) {
            RunView parent = awaitEnd(second, started[1]);
            assertThat(parent.state()).isEqualTo(RunState.COMPLETED);
            assertThat(parent.output()).startsWith("agent_delegate -> the outcome of this call is unknown");
            assertThat(types(second.store.events().readAll(started[0]))).containsSubsequence("tool.started", "run.resumed",
                    "tool.outcome_unknown", "tool.failed", "run.completed");
            List<SessionRecord> children = second.store.sessions().list(TENANT, "worker", 100);
            assertThat(children).hasSize(1);
            // the child itself resumes on its own and ends; it is never started twice
            RunView child = awaitEnd(second, second.runtime.runs(TENANT, children.getFirst().id(), null, 10).getFirst().id());
            assertThat(child.output()).isEqualTo("slow -> done 1");
            assertThat(second.runtime.runs(TENANT, children.getFirst().id(), null, 10)).hasSize(1);
        }
    }

    @Test
    void aResumedParentWhoseCallIsIdempotentWaitsForTheSameChild() throws Exception {
        String[] started = startAndDie(true).split(" ");
        AtomicInteger calls = new AtomicInteger();
        Tool quick = tool("slow", true, invocation -> ToolOutcome.success("done " + calls.incrementAndGet()));
        try (RuntimeFixture second = RuntimeFixture.in(folder).delegation().tool("slow", entry -> quick).open()) {
            RunView parent = awaitEnd(second, started[1]);
            assertThat(parent.state()).isEqualTo(RunState.COMPLETED);
            assertThat(parent.output()).isEqualTo("agent_delegate -> slow -> done 1");
            List<SessionRecord> children = second.store.sessions().list(TENANT, "worker", 100);
            assertThat(children).hasSize(1);
            assertThat(second.runtime.runs(TENANT, children.getFirst().id(), null, 10)).hasSize(1);
            List<EventPayload.AgentDelegated> delegated = delegations(second, started[0]);
            assertThat(delegated).hasSize(1);
            assertThat(delegated.getFirst().childSessionId()).isEqualTo(children.getFirst().id());
            assertThat(calls).hasValue(1);
        }
    }

    @Test
    void cancellingTheParentCancelsTheChildItWaitsFor() throws Exception {
        CountDownLatch childWorking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Tool blocking = tool("slow", true, invocation -> {
            childWorking.countDown();
            await(release);
            return ToolOutcome.success("done");
        });
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).delegation().tool("slow", entry -> blocking).open()) {
            fixture.agent("{name: worker, tools: [{builtin: slow}]}");
            fixture.agent("{name: boss, tools: [{delegate: {agents: [worker]}}]}");
            String session = fixture.session("boss");
            String parentRun = fixture.runtime.postMessage(TENANT, session, delegate("worker", "/call slow {}"), null).run().id();
            assertThat(childWorking.await(20, TimeUnit.SECONDS)).isTrue();
            String childSession = fixture.store.sessions().list(TENANT, "worker", 10).getFirst().id();

            fixture.runtime.cancel(TENANT, parentRun, "the user changed their mind");
            awaitCancelRequest(fixture, childSession);
            release.countDown();

            String childRun = fixture.runtime.runs(TENANT, childSession, null, 10).getFirst().id();
            assertThat(awaitEnd(fixture, childRun).state()).isEqualTo(RunState.CANCELLED);
            assertThat(awaitEnd(fixture, parentRun).state()).isEqualTo(RunState.CANCELLED);
            assertThat(delegations(fixture, session).getFirst().childState()).isEqualTo("cancelled");
        }
    }

    @Test
    void aChildThatUsesUpTheParentsTokensIsStoppedWithoutWaitingForItsEnd() throws Exception {
        CountDownLatch childWorking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Tool blocking = tool("slow", true, invocation -> {
            childWorking.countDown();
            await(release);
            return ToolOutcome.success("done");
        });
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).delegation().tool("slow", entry -> blocking).open()) {
            fixture.agent("{name: verbose, tools: [{builtin: slow}], instructions: \"" + "Consider every angle. ".repeat(400) + "\"}");
            fixture.agent("{name: boss, tools: [{delegate: {agents: [verbose]}}], limits: {max_tokens_per_run: 1500}}");
            String session = fixture.session("boss");
            String parentRun = fixture.runtime.postMessage(TENANT, session, delegate("verbose", "/call slow {}"), null).run().id();
            assertThat(childWorking.await(20, TimeUnit.SECONDS)).isTrue();
            String childSession = fixture.store.sessions().list(TENANT, "verbose", 10).getFirst().id();

            awaitCancelRequest(fixture, childSession); // while its tool still runs, so not at its end
            release.countDown();

            RunView parent = awaitEnd(fixture, parentRun);
            assertThat(parent.state()).isEqualTo(RunState.FAILED);
            assertThat(parent.failureReason()).isEqualTo("max_tokens");
            EventPayload.AgentDelegated delegated = delegations(fixture, session).getFirst();
            assertThat(delegated.childState()).isEqualTo("cancelled");
            assertThat(delegated.usage().totalTokens()).isGreaterThan(1500);
        }
    }

    /** Waits, by the child session's live stream, until somebody asks its run to stop. */
    private static void awaitCancelRequest(RuntimeFixture fixture, String childSession) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (EventStream stream = fixture.runtime.stream(TENANT, childSession, 0)) {
            boolean childAskedToStop = false;
            while (!childAskedToStop) {
                assertThat(System.nanoTime()).as("the child run is asked to stop within 20s").isLessThan(deadline);
                // null: nothing new in time, or only an event already read
                StreamItem item = stream.next(Duration.ofSeconds(1));
                childAskedToStop = item instanceof StreamItem.Stored stored
                        && stored.event().payload() instanceof EventPayload.RunCancelRequested;
            }
        }
    }
}
