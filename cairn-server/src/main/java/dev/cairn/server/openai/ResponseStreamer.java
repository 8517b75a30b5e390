package dev.cairn.server.openai;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.runtime.EventStream;
import dev.cairn.core.runtime.StreamItem;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a stored response as the Responses API's events while its run makes it: live text deltas
 * of the run, then each message and function call as its events are committed, and the final
 * response read back from the log, so the stream and {@code GET /responses/{id}} agree. The stream
 * ends when the part ends (the run ends, or waits for function outputs), the client goes away, or
 * the server closes; while the run waits for a person, a comment is sent every {@code keepAlive}.
 */
final class ResponseStreamer {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseStreamer.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final AgentRuntime runtime;
    private final Duration keepAlive;
    private final AtomicBoolean closing;

    ResponseStreamer(AgentRuntime runtime, Duration keepAlive, AtomicBoolean closing) {
        this.runtime = runtime;
        this.keepAlive = keepAlive;
        this.closing = closing;
    }

    /**
     * Streams the response {@code started} begins.
     *
     * @param snapshot reads the response as it stands, for the first and last events
     */
    void stream(ServerResponse response, String tenantId, ResponseService.Started started,
                Function<ResponseService.Started, com.fasterxml.jackson.databind.node.ObjectNode> snapshot)
            throws InterruptedException {
        RunView run = runtime.run(tenantId, started.runId());
        response.header("X-Accel-Buffering", "no");
        try (EventStream events = runtime.stream(tenantId, run.sessionId(), started.afterSeq())) {
            SseSink sink = response.sink(SseSink.TYPE);
            try {
                ResponseEvents writer = new ResponseEvents(sink);
                writer.created(snapshot.apply(started));
                pump(tenantId, run, events, writer, sink);
                writer.finished(snapshot.apply(started));
            } catch (UncheckedIOException e) {
                LOG.debug("response stream of run {} ended: the client went away", run.id());
            } finally {
                sink.close();
            }
        }
    }

    private void pump(String tenantId, RunView run, EventStream events, ResponseEvents writer, SseSink sink)
            throws InterruptedException {
        int step = run.steps() + 1;
        boolean callsSent = false;
        long quietSince = System.nanoTime();
        while (!closing.get()) {
            StreamItem item = events.next(POLL);
            if (item == null) {
                if (callsSent && runtime.run(tenantId, run.id()).state() == RunState.AWAITING_CLIENT_TOOL) {
                    return;
                }
                if (System.nanoTime() - quietSince >= keepAlive.toNanos()) {
                    sink.emit(SseEvent.builder().comment("keep-alive").build());
                    quietSince = System.nanoTime();
                }
                continue;
            }
            quietSince = System.nanoTime();
            switch (item) {
                case StreamItem.Delta delta when delta.runId().equals(run.id()) ->
                        writer.textDelta(OpenAiIds.message(run.id(), step), delta.text());
                case StreamItem.Stored stored when run.id().equals(stored.event().runId()) -> {
                    Event event = stored.event();
                    switch (event.payload()) {
                        case EventPayload.ModelResponded responded -> {
                            step = responded.step() + 1;
                            if (responded.text().isBlank()) {
                                writer.abandonText();
                            } else {
                                writer.textDone(OpenAiIds.message(run.id(), responded.step()), responded.text());
                            }
                        }
                        case EventPayload.ToolClientRequested call -> {
                            writer.functionCall(run.id(), call.callId(), call.tool(), call.arguments());
                            callsSent = true;
                        }
                        case EventPayload.RunResumedByClient resumed -> {
                            return; // a later part: the caller sent outputs while this stream still ran
                        }
                        default -> {
                            if (ResponseLog.endsRun(event.payload())) {
                                return;
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
    }
}
