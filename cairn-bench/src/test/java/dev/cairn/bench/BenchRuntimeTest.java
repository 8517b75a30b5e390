package dev.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke test of the harness: the workload does what the peer's does, and every step is timed. */
class BenchRuntimeTest {

    @TempDir
    Path directory;

    @Test
    void aTurnIsFiveStepsThatAnswerAsThePeersModelDoes() throws Exception {
        List<Event> events;
        StepTimer.Summary summary;
        try (BenchRuntime runtime = BenchRuntime.open(directory.resolve("cairn.db"))) {
            String sessionId = runtime.newSession();
            runtime.turn(sessionId, "question 0");
            runtime.turn(sessionId, "question 1");
            runtime.timer().awaitSteps(10, 10_000);
            summary = runtime.timer().takeSummary();
            events = runtime.store().events().readAll(sessionId);
        }

        assertThat(summary.steps()).isEqualTo(10);
        assertThat(summary.unfinishedRuns()).isZero();
        // The peer's graph: human, ai(call c1), tool, ai(call c3), tool, ai -> "done after 5 messages".
        assertThat(events).map(Event::payload).filteredOn(EventPayload.ToolRequested.class::isInstance)
                .map(payload -> ((EventPayload.ToolRequested) payload).arguments())
                .containsExactly("{\"q\":\"x1\"}", "{\"q\":\"x3\"}", "{\"q\":\"x7\"}", "{\"q\":\"x9\"}");
        assertThat(events).map(Event::payload).filteredOn(EventPayload.ToolCompleted.class::isInstance)
                .map(payload -> ((EventPayload.ToolCompleted) payload).output())
                .containsExactly("result for x1", "result for x3", "result for x7", "result for x9");
        assertThat(events).map(Event::payload).filteredOn(EventPayload.RunCompleted.class::isInstance)
                .map(payload -> ((EventPayload.RunCompleted) payload).output())
                .containsExactly("done after 5 messages", "done after 11 messages");
    }
}
