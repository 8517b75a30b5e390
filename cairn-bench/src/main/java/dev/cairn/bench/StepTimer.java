package dev.cairn.bench;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.store.EventStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Times each agent-loop step as the store commits it: a step lasts from the commit of the run's
 * previous step (or of its {@code run.started}) to the commit of the next {@code model.responded}
 * or tool result. The model and the tool answer at once, so this is the runtime's own cost of a
 * durable step: deciding, assembling the context, encoding, queueing, committing with fsync, and
 * waking the run's thread again.
 *
 * <p>The store completes a write's future before it calls the listeners, so a client may see its
 * run end before the run's last step is timed: wait with {@link #awaitSteps} before taking a
 * summary. Thread-safe; called on the store's commit thread.
 */
final class StepTimer implements EventStore.AppendListener {

    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Map<String, Long> lastCommitNanos = new HashMap<>();
    private final Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
    private long steps;
    private long unfinishedRuns;

    /** Step durations of one window, in milliseconds. */
    record Summary(long steps, double p50Millis, double p99Millis, double maxMillis, long unfinishedRuns) {
    }

    @Override
    public synchronized void appended(List<Event> events) {
        long now = System.nanoTime();
        boolean stepEnded = false;
        String runId = null;
        for (Event event : events) {
            switch (event.payload()) {
                case EventPayload.RunStarted started -> lastCommitNanos.put(event.runId(), now);
                case EventPayload.ModelResponded responded -> stepEnded = true;
                case EventPayload.ToolCompleted completed -> stepEnded = true;
                case EventPayload.ToolFailed failed -> stepEnded = true;
                default -> {
                }
            }
            if (event.runId() != null) {
                runId = event.runId();
            }
        }
        if (stepEnded && runId != null) {
            Long previous = lastCommitNanos.put(runId, now);
            if (previous != null) {
                histogram.recordValue(Math.min(now - previous, HIGHEST_NANOS));
                steps++;
                notifyAll();
            }
        }
        for (Event event : events) {
            switch (event.payload()) {
                case EventPayload.RunCompleted completed -> lastCommitNanos.remove(event.runId());
                case EventPayload.RunFailed failed -> runEndedEarly(event.runId());
                case EventPayload.RunCancelled cancelled -> runEndedEarly(event.runId());
                default -> {
                }
            }
        }
    }

    /**
     * Waits until {@code expected} steps have been timed in this window, or {@code timeoutMillis} passed.
     */
    synchronized void awaitSteps(long expected, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (steps < expected) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }

    private void runEndedEarly(String runId) {
        lastCommitNanos.remove(runId);
        unfinishedRuns++;
    }

    /** The steps timed since the last call, and starts a new window. */
    synchronized Summary takeSummary() {
        Summary summary = new Summary(steps, millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(99)), millis(histogram.getMaxValue()), unfinishedRuns);
        histogram.reset();
        steps = 0;
        unfinishedRuns = 0;
        return summary;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
