package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.json.Json;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.runtime.EventStream;
import dev.cairn.core.runtime.StreamItem;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a session's events as server-sent events: each stored event with {@code id: SEQ},
 * {@code event: TYPE} and its JSON as {@code data}; live text deltas as {@code event: model.delta}
 * without an id (they are never stored, so there is nothing to resume from); a comment when
 * nothing was sent for a while, so proxies keep the connection and a gone client is noticed.
 *
 * <p>A stream ends when the client goes away, when the server closes, or (with {@code until=run_end})
 * after the first run-ending event.
 */
final class EventStreamer {

    private static final Logger LOG = LoggerFactory.getLogger(EventStreamer.class);
    private static final Duration POLL = Duration.ofMillis(250);

    private final AgentRuntime runtime;
    private final Duration keepAlive;
    private final AtomicBoolean closing;
    private final ApiMetrics metrics;

    EventStreamer(AgentRuntime runtime, Duration keepAlive, AtomicBoolean closing, ApiMetrics metrics) {
        this.runtime = runtime;
        this.keepAlive = keepAlive;
        this.closing = closing;
        this.metrics = metrics;
    }

    void stream(Call call, String sessionId, long after, boolean untilRunEnd) throws InterruptedException {
        try (EventStream events = runtime.stream(call.tenantId(), sessionId, after)) {
            ServerResponse response = call.response();
            response.header("X-Accel-Buffering", "no");
            SseSink sink = response.sink(SseSink.TYPE);
            metrics.streamOpened();
            try {
                sink.emit(SseEvent.builder().comment("events of session " + sessionId + " after " + after).build());
                pump(events, sink, untilRunEnd);
            } catch (UncheckedIOException e) {
                LOG.debug("event stream of session {} ended: the client went away", sessionId);
            } finally {
                metrics.streamClosed();
                closeQuietly(sink);
            }
        }
    }

    private void pump(EventStream events, SseSink sink, boolean untilRunEnd) throws InterruptedException {
        long quietSince = System.nanoTime();
        while (!closing.get()) {
            StreamItem item = events.next(POLL);
            if (item == null) {
                if (System.nanoTime() - quietSince >= keepAlive.toNanos()) {
                    sink.emit(SseEvent.builder().comment("keep-alive").build());
                    quietSince = System.nanoTime();
                }
                continue;
            }
            switch (item) {
                case StreamItem.Stored stored -> {
                    Event event = stored.event();
                    sink.emit(SseEvent.builder().id(Long.toString(event.seq())).name(event.type())
                            .data(Json.write(Wire.event(event))).build());
                    if (untilRunEnd && endsRun(event)) {
                        return;
                    }
                }
                case StreamItem.Delta delta -> {
                    ObjectNode data = Json.object();
                    data.put("run_id", delta.runId());
                    data.put("text", delta.text());
                    sink.emit(SseEvent.builder().name("model.delta").data(Json.write(data)).build());
                }
            }
            quietSince = System.nanoTime();
        }
    }

    private static boolean endsRun(Event event) {
        return event.payload() instanceof EventPayload.RunCompleted || event.payload() instanceof EventPayload.RunFailed
                || event.payload() instanceof EventPayload.RunCancelled;
    }

    private static void closeQuietly(SseSink sink) {
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.debug("closing an event stream failed", e);
        }
    }
}
