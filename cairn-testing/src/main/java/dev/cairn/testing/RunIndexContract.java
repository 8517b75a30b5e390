package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.model.Usage;
import dev.cairn.core.run.RunState;
import dev.cairn.core.store.RunIndex;
import dev.cairn.core.store.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link RunIndex} must do: follow {@code run.*} events, and stay inside the tenant. */
public abstract class RunIndexContract extends StoreContract {

    private RunIndex runs() {
        return store.runs();
    }

    private void append(String sessionId, String runId, EventPayload payload) {
        long last = store.events().lastSeq(sessionId);
        store.events().appendAndWait(sessionId, last, List.of(NewEvent.ofRun(runId, payload)));
    }

    private void queue(String sessionId, String runId) {
        append(sessionId, runId, new EventPayload.RunQueued("message", 1));
    }

    @Test
    void theIndexFollowsARunThroughItsEvents() {
        createSession("s1");
        Instant queuedAt = clock.instant();
        queue("s1", "run_1");
        assertThat(runs().find(TENANT, "run_1"))
                .contains(new RunRecord("run_1", TENANT, "s1", RunState.QUEUED, queuedAt, queuedAt));

        Instant startedAt = clock.advance(Duration.ofSeconds(2));
        append("s1", "run_1", new EventPayload.RunStarted("helper", 1, "default"));
        assertThat(runs().find(TENANT, "run_1"))
                .contains(new RunRecord("run_1", TENANT, "s1", RunState.RUNNING, queuedAt, startedAt));

        Instant completedAt = clock.advance(Duration.ofSeconds(3));
        append("s1", "run_1", new EventPayload.RunCompleted("done", 1, Usage.ZERO));
        assertThat(runs().find(TENANT, "run_1"))
                .contains(new RunRecord("run_1", TENANT, "s1", RunState.COMPLETED, queuedAt, completedAt));
    }

    @Test
    void failedAndCancelledRunsAreIndexedAsSuch() {
        createSession("s1");
        queue("s1", "run_failed");
        append("s1", "run_failed", new EventPayload.RunStarted("helper", 1, "default"));
        append("s1", "run_failed", new EventPayload.RunFailed("max_steps", "too many steps"));
        queue("s1", "run_cancelled");
        append("s1", "run_cancelled", new EventPayload.RunCancelled("user"));

        assertThat(runs().find(TENANT, "run_failed")).map(RunRecord::state).contains(RunState.FAILED);
        assertThat(runs().find(TENANT, "run_cancelled")).map(RunRecord::state).contains(RunState.CANCELLED);
    }

    @Test
    void eventsOutsideTheRunLifecycleLeaveTheIndexAlone() {
        createSession("s1");
        queue("s1", "run_1");
        append("s1", "run_1", new EventPayload.ToolStarted("call_1", "memory", "key"));

        assertThat(runs().find(TENANT, "run_1")).map(RunRecord::state).contains(RunState.QUEUED);
    }

    @Test
    void listFiltersBySessionAndStateNewestFirst() {
        createSession("s1");
        createSession("s2");
        queue("s1", "run_1");
        clock.advance(Duration.ofSeconds(1));
        queue("s2", "run_2");
        clock.advance(Duration.ofSeconds(1));
        queue("s1", "run_3");
        append("s1", "run_3", new EventPayload.RunStarted("helper", 1, "default"));

        assertThat(runs().list(TENANT, null, null, 10)).extracting(RunRecord::id)
                .containsExactly("run_3", "run_2", "run_1");
        assertThat(runs().list(TENANT, "s1", null, 10)).extracting(RunRecord::id).containsExactly("run_3", "run_1");
        assertThat(runs().list(TENANT, null, RunState.QUEUED, 10)).extracting(RunRecord::id)
                .containsExactly("run_2", "run_1");
        assertThat(runs().list(TENANT, "s1", RunState.RUNNING, 10)).extracting(RunRecord::id).containsExactly("run_3");
        assertThat(runs().list(TENANT, null, null, 1)).extracting(RunRecord::id).containsExactly("run_3");
    }

    @Test
    void inStatesFindsRunsOfEveryTenantOldestFirst() {
        createSession(TENANT, "s1", "helper");
        createSession(OTHER_TENANT, "s2", "helper");
        queue("s1", "run_1");
        clock.advance(Duration.ofSeconds(1));
        queue("s2", "run_2");
        append("s2", "run_2", new EventPayload.RunStarted("helper", 1, "default"));
        clock.advance(Duration.ofSeconds(1));
        queue("s1", "run_3");
        append("s1", "run_3", new EventPayload.RunStarted("helper", 1, "default"));
        append("s1", "run_3", new EventPayload.RunCompleted("done", 1, Usage.ZERO));

        assertThat(runs().inStates(List.of(RunState.QUEUED, RunState.RUNNING), 10)).extracting(RunRecord::id)
                .containsExactly("run_1", "run_2");
        assertThat(runs().inStates(List.of(RunState.QUEUED, RunState.RUNNING), 1)).extracting(RunRecord::id)
                .containsExactly("run_1");
        assertThat(runs().inStates(List.of(RunState.COMPLETED), 10)).extracting(RunRecord::tenantId)
                .containsExactly(TENANT);
    }

    @Test
    void aRunIsNotFoundWithAnotherTenantsId() {
        createSession("s1");
        queue("s1", "run_1");

        assertThat(runs().find(OTHER_TENANT, "run_1")).isEmpty();
        assertThat(runs().list(OTHER_TENANT, null, null, 10)).isEmpty();
        assertThat(runs().list(OTHER_TENANT, "s1", null, 10)).isEmpty();
    }

    @Test
    void theIndexSurvivesReopen() {
        createSession("s1");
        queue("s1", "run_1");

        reopenStore();

        assertThat(runs().find(TENANT, "run_1")).map(RunRecord::state).contains(RunState.QUEUED);
    }
}
