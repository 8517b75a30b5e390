package dev.cairn.server.openai;

import dev.cairn.core.NotFoundException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.AgentRuntime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a response is from its run's events: a run's events split into parts at each
 * {@code run.resumed_by_client}, one response per part.
 */
final class ResponseLog {

    private static final int PAGE = 500;

    private final AgentRuntime runtime;

    ResponseLog(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * One part of a run: its events (the run's own, in order), when it began, and whether it is the
     * run's latest part.
     */
    record Part(RunView run, int index, Instant startedAt, List<Event> events, boolean latest) {
        Part {
            events = List.copyOf(events);
        }

        /** The sequence number of the part's last event. */
        long lastSeq() {
            return events.isEmpty() ? run.messageSeq() : events.getLast().seq();
        }
    }

    /**
     * The response {@code id} of the tenant.
     *
     * @throws OpenAiError 404 when there is no such response for the tenant
     */
    Part find(String tenantId, String responseId, String param) {
        OpenAiIds.ResponseRef ref = OpenAiIds.parseResponse(responseId).orElseThrow(() -> notFound(responseId, param));
        RunView run;
        try {
            run = runtime.run(tenantId, ref.runId());
        } catch (NotFoundException e) {
            throw notFound(responseId, param);
        }
        List<Part> parts = parts(tenantId, run);
        if (ref.part() >= parts.size()) {
            throw notFound(responseId, param);
        }
        return parts.get(ref.part());
    }

    /** Every part of a run, in order; a run has at least one. */
    List<Part> parts(String tenantId, RunView run) {
        List<List<Event>> split = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        split.add(new ArrayList<>());
        starts.add(run.createdAt());
        long after = run.messageSeq();
        boolean ended = false;
        while (!ended) {
            List<Event> page = runtime.events(tenantId, run.sessionId(), after, PAGE);
            for (Event event : page) {
                after = event.seq();
                if (!run.id().equals(event.runId())) {
                    continue;
                }
                if (event.payload() instanceof EventPayload.RunResumedByClient) {
                    split.add(new ArrayList<>());
                    starts.add(event.createdAt());
                }
                split.getLast().add(event);
                ended = ended || endsRun(event.payload());
            }
            ended = ended || page.size() < PAGE;
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < split.size(); i++) {
            parts.add(new Part(run, i, starts.get(i), split.get(i), i == split.size() - 1));
        }
        return parts;
    }

    static boolean endsRun(EventPayload payload) {
        return payload instanceof EventPayload.RunCompleted || payload instanceof EventPayload.RunFailed
                || payload instanceof EventPayload.RunCancelled;
    }

    private static OpenAiError notFound(String responseId, String param) {
        String what = "previous_response_id".equals(param) ? "Previous response" : "Response";
        return OpenAiError.notFound(what + " with id '" + responseId + "' not found.", param);
    }
}
