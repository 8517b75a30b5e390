package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A run belongs to the server, not to the request that started it. */
class BackgroundRunApiTest extends ApiServerTest {

    @Test
    @Timeout(30)
    void aRunGoesOnWhenTheClientThatWaitedForItGoesAway() throws Exception {
        String session = fixture.newSession();
        long before = fixture.api.get("/v1/sessions/" + session).expect(200).json().path("last_seq").asLong();
        HttpRequest request = fixture.api.request("/v1/sessions/" + session + "/messages")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\": \"/sleep 400\\nstill here\", \"wait\": true}"))
                .build();
        CompletableFuture<HttpResponse<String>> waiting = fixture.api.client()
                .sendAsync(request, HttpResponse.BodyHandlers.ofString());
        String runId = null;
        while (runId == null) {
            JsonNode runs = fixture.api.get("/v1/runs?session_id=" + session).expect(200).json().path("runs");
            runId = runs.isEmpty() ? null : runs.get(0).path("id").asText();
        }
        waiting.cancel(true); // the client leaves while the run is executing

        JsonNode run;
        do {
            run = fixture.api.get("/v1/runs/" + runId).expect(200).json();
        } while (!run.path("state").asText().equals("completed") && !run.path("state").asText().equals("failed"));
        assertThat(run.path("state").asText()).isEqualTo("completed");
        assertThat(run.path("output").asText()).isEqualTo("echo: still here");
        JsonNode events = fixture.api.get("/v1/sessions/" + session + "/events?after=" + before).expect(200).json().path("events");
        assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("run.completed");
    }
}
