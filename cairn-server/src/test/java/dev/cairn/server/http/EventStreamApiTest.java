package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventStreamApiTest extends ApiServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void storedEventsArriveInOrderWithTheirSequenceAsId() throws Exception {
        String session = sessionWithOneRun();
        long last = fixture.eventCount(session);
        try (SseClient stream = SseClient.open(api, "/v1/sessions/" + session + "/events?after=0", Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            List<SseClient.Message> events = stream.storedUntil(last, TIMEOUT);
            assertThat(events).hasSize((int) last);
            for (int i = 0; i < events.size(); i++) {
                SseClient.Message event = events.get(i);
                assertThat(event.id()).isEqualTo(Long.toString(i + 1));
                JsonNode data = ApiFixture.parse(event.data());
                assertThat(data.get("seq").asLong()).isEqualTo(i + 1);
                assertThat(event.event()).isEqualTo(data.get("type").asText());
            }
            assertThat(events.getFirst().event()).isEqualTo("session.created");
            assertThat(events.getLast().event()).isEqualTo("run.completed");
        }
    }

    @Test
    void resumingWithLastEventIdRepeatsNothingAndSkipsNothing() throws Exception {
        String session = sessionWithOneRun();
        long last = fixture.eventCount(session);
        List<String> seen = new ArrayList<>();
        try (SseClient first = SseClient.open(api, "/v1/sessions/" + session + "/events?after=0", Map.of())) {
            first.storedUntil(3, TIMEOUT).forEach(event -> seen.add(event.id()));
        }
        // The header wins over the query, as a browser's EventSource reconnects with its original URL.
        try (SseClient resumed = SseClient.open(api, "/v1/sessions/" + session + "/events?after=0",
                Map.of("Last-Event-ID", "3"))) {
            resumed.storedUntil(last, TIMEOUT).forEach(event -> seen.add(event.id()));
        }
        List<String> expected = new ArrayList<>();
        for (long seq = 1; seq <= last; seq++) {
            expected.add(Long.toString(seq));
        }
        assertThat(seen).containsExactlyElementsOf(expected);

        try (SseClient fromQuery = SseClient.open(api, "/v1/sessions/" + session + "/events?after=" + (last - 1), Map.of())) {
            assertThat(fromQuery.nextEvent(TIMEOUT).id()).isEqualTo(Long.toString(last));
        }
    }

    @Test
    void liveEventsAndTextDeltasArriveWhileARunExecutes() throws Exception {
        String session = fixture.newSession();
        long before = fixture.eventCount(session);
        try (SseClient stream = SseClient.open(api, "/v1/sessions/" + session + "/events?after=" + before, Map.of())) {
            assertThat(stream.status()).isEqualTo(200);
            String runId = api.post("/v1/sessions/" + session + "/messages", "{\"content\": \"/sleep 200\\nhello live world\"}")
                    .expect(202).json().get("run").get("id").asText();
            List<String> types = new ArrayList<>();
            StringBuilder deltas = new StringBuilder();
            long expectedSeq = before + 1;
            while (!types.contains("run.completed")) {
                SseClient.Message event = stream.nextEvent(TIMEOUT);
                assertThat(event).as("events so far: %s", types).isNotNull();
                assertThat(event.end()).isFalse();
                types.add(event.event());
                JsonNode data = ApiFixture.parse(event.data());
                if (event.event().equals("model.delta")) {
                    assertThat(event.id()).isNull();
                    assertThat(data.get("run_id").asText()).isEqualTo(runId);
                    deltas.append(data.get("text").asText());
                } else {
                    assertThat(event.id()).isEqualTo(Long.toString(expectedSeq++));
                }
            }
            // The model's request is recorded with its answer, after the deltas that stream the answer.
            assertThat(types).containsSubsequence("message.user", "run.queued", "run.started", "model.delta",
                    "model.requested", "model.responded", "run.completed");
            assertThat(types.indexOf("model.delta")).isLessThan(types.indexOf("model.responded"));
            assertThat(deltas.toString()).isEqualTo("echo: hello live world");
        }
    }

    @Test
    void quietStreamsGetKeepAliveComments() throws Exception {
        String session = fixture.newSession();
        try (SseClient stream = SseClient.open(api, "/v1/sessions/" + session + "/events?after=1", Map.of())) {
            List<String> comments = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!comments.contains("keep-alive") && System.nanoTime() < deadline) {
                SseClient.Message message = stream.next(Duration.ofSeconds(2));
                if (message != null && message.isComment()) {
                    comments.add(message.comment());
                }
            }
            assertThat(comments).contains("keep-alive");
        }
    }

    @Test
    void untilRunEndClosesTheStreamAfterTheRunEnds() throws Exception {
        String session = fixture.newSession();
        try (SseClient stream = SseClient.open(api, "/v1/sessions/" + session + "/events?after=1&until=run_end", Map.of())) {
            api.post("/v1/sessions/" + session + "/messages", "{\"content\": \"bye\"}").expect(202);
            SseClient.Message last = null;
            while (true) {
                SseClient.Message message = stream.nextEvent(TIMEOUT);
                assertThat(message).isNotNull();
                if (message.end()) {
                    break;
                }
                last = message;
            }
            assertThat(last).isNotNull();
            assertThat(last.event()).isEqualTo("run.completed");
        }
    }

    @Test
    void theServerLetsGoOfAStreamOnceItsClientDisconnects() throws Exception {
        String session = fixture.newSession();
        SseClient stream = SseClient.open(api, "/v1/sessions/" + session + "/events", Map.of());
        stream.nextEvent(TIMEOUT);
        assertThat(openStreams()).isGreaterThanOrEqualTo(1);
        stream.close();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (openStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(openStreams()).isZero();
    }

    @Test
    void unknownSessionsAndBadPositionsAreJsonErrorsNotStreams() throws Exception {
        try (SseClient stream = SseClient.open(api, "/v1/sessions/ses_missing/events", Map.of())) {
            assertThat(stream.status()).isEqualTo(404);
            assertThat(stream.contentType()).startsWith("application/json");
        }
        String session = fixture.newSession();
        try (SseClient stream = SseClient.open(api, "/v1/sessions/" + session + "/events", Map.of("Last-Event-ID", "abc"))) {
            assertThat(stream.status()).isEqualTo(400);
        }
    }

    private static String sessionWithOneRun() {
        String session = fixture.newSession();
        api.post("/v1/sessions/" + session + "/messages", "{\"content\": \"remember this\", \"wait\": true}").expect(200);
        return session;
    }

    private static int openStreams() {
        String metrics = api.get("/metrics").expect(200).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("cairn_event_streams_open ")) {
                return Integer.parseInt(line.substring("cairn_event_streams_open ".length()).strip());
            }
        }
        throw new AssertionError("no cairn_event_streams_open in " + metrics);
    }
}
