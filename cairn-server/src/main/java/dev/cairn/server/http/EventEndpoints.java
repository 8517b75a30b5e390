package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.event.Event;
import dev.cairn.core.json.Json;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.store.Role;
import io.helidon.http.HeaderNames;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /v1/sessions/{id}/events}: a page of the session's log as JSON, or, with
 * {@code Accept: text/event-stream}, the log as a live server-sent event stream. Both start after
 * sequence {@code after}; a stream resumes after the {@code Last-Event-ID} header when it is sent.
 */
final class EventEndpoints {

    private static final io.helidon.http.HeaderName LAST_EVENT_ID = HeaderNames.create("Last-Event-ID");

    private final AgentRuntime runtime;
    private final EventStreamer streamer;

    EventEndpoints(AgentRuntime runtime, EventStreamer streamer) {
        this.runtime = runtime;
        this.streamer = streamer;
    }

    void register(ApiRouter router) {
        router.get("/v1/sessions/{id}/events", Role.USER, this::events);
    }

    private void events(Call call) throws InterruptedException {
        String sessionId = call.path("id");
        long after = call.queryLong("after", 0, 0, Long.MAX_VALUE);
        if (wantsStream(call)) {
            Optional<String> lastEventId = call.request().headers().first(LAST_EVENT_ID).filter(id -> !id.isBlank());
            if (lastEventId.isPresent()) {
                after = Call.bounded("header Last-Event-ID", lastEventId.get().strip(), 0, Long.MAX_VALUE);
            }
            boolean untilRunEnd = untilRunEnd(call);
            streamer.stream(call, sessionId, after, untilRunEnd);
            return;
        }
        int limit = (int) call.queryLong("limit", 100, 1, 1000);
        List<Event> events = runtime.events(call.tenantId(), sessionId, after, limit + 1);
        boolean hasMore = events.size() > limit;
        List<Event> page = hasMore ? events.subList(0, limit) : events;
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("events");
        page.forEach(event -> list.add(Wire.event(event)));
        answer.put("last_seq", page.isEmpty() ? after : page.getLast().seq());
        answer.put("has_more", hasMore);
        call.reply(200, answer);
    }

    private static boolean wantsStream(Call call) {
        return String.join(",", call.request().headers().all(HeaderNames.ACCEPT, List::of)).toLowerCase(Locale.ROOT)
                .contains("text/event-stream");
    }

    private static boolean untilRunEnd(Call call) {
        Optional<String> until = call.query("until").filter(text -> !text.isBlank());
        if (until.isEmpty()) {
            return false;
        }
        if (!until.get().equals("run_end")) {
            throw HttpProblem.badRequest("query parameter 'until' is '" + until.get() + "'; the only value is run_end");
        }
        return true;
    }
}
