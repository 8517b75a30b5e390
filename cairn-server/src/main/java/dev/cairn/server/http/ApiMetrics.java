package dev.cairn.server.http;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.run.RunState;
import dev.cairn.core.store.RunRecord;
import dev.cairn.core.store.Store;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for {@code /metrics}, in the Prometheus text format: requests by method and status,
 * run transitions seen by this process, open runs by state (read from the store when scraped),
 * and open event streams. Thread-safe.
 */
final class ApiMetrics {

    private static final List<RunState> OPEN_STATES = List.of(RunState.QUEUED, RunState.RUNNING,
            RunState.AWAITING_APPROVAL, RunState.AWAITING_CLIENT_TOOL);

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<RunState, LongAdder> transitions = new ConcurrentHashMap<>();
    private final AtomicInteger openStreams = new AtomicInteger();

    void request(String method, int status) {
        requests.computeIfAbsent(method + " " + status, key -> new LongAdder()).increment();
    }

    /** Called by the store after each commit; must stay quick. */
    void appended(List<Event> events) {
        for (Event event : events) {
            RunState state = switch (event.payload()) {
                case EventPayload.RunQueued queued -> RunState.QUEUED;
                case EventPayload.RunStarted started -> RunState.RUNNING;
                case EventPayload.RunCompleted completed -> RunState.COMPLETED;
                case EventPayload.RunFailed failed -> RunState.FAILED;
                case EventPayload.RunCancelled cancelled -> RunState.CANCELLED;
                default -> null;
            };
            if (state != null) {
                transitions.computeIfAbsent(state, key -> new LongAdder()).increment();
            }
        }
    }

    void streamOpened() {
        openStreams.incrementAndGet();
    }

    void streamClosed() {
        openStreams.decrementAndGet();
    }

    String render(Store store) {
        StringBuilder out = new StringBuilder();
        out.append("# HELP cairn_http_requests_total HTTP requests answered, by method and status.\n");
        out.append("# TYPE cairn_http_requests_total counter\n");
        new TreeMap<>(requests).forEach((key, count) -> {
            String[] parts = key.split(" ", 2);
            out.append("cairn_http_requests_total{method=\"").append(parts[0]).append("\",status=\"").append(parts[1])
                    .append("\"} ").append(count.sum()).append('\n');
        });
        out.append("# HELP cairn_run_transitions_total Runs that entered each state since this process started.\n");
        out.append("# TYPE cairn_run_transitions_total counter\n");
        for (RunState state : RunState.values()) {
            LongAdder count = transitions.get(state);
            out.append("cairn_run_transitions_total{state=\"").append(state.wireName()).append("\"} ")
                    .append(count == null ? 0 : count.sum()).append('\n');
        }
        out.append("# HELP cairn_runs Runs not yet ended, by state, across tenants.\n");
        out.append("# TYPE cairn_runs gauge\n");
        Map<RunState, Integer> open = new EnumMap<>(RunState.class);
        OPEN_STATES.forEach(state -> open.put(state, 0));
        for (RunRecord run : store.runs().inStates(OPEN_STATES, 1_000_000)) {
            open.merge(run.state(), 1, Integer::sum);
        }
        open.forEach((state, count) -> out.append("cairn_runs{state=\"").append(state.wireName()).append("\"} ")
                .append(count).append('\n'));
        out.append("# HELP cairn_event_streams_open Event streams (SSE) open now.\n");
        out.append("# TYPE cairn_event_streams_open gauge\n");
        out.append("cairn_event_streams_open ").append(openStreams.get()).append('\n');
        out.append("# HELP cairn_store_ready Whether the store can serve requests (1) or not (0).\n");
        out.append("# TYPE cairn_store_ready gauge\n");
        out.append("cairn_store_ready ").append(store.ready() ? 1 : 0).append('\n');
        return out.toString();
    }
}
