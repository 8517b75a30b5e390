package dev.cairn.server.runtime;

import static dev.cairn.server.runtime.ContextCompactionTest.ask;
import static dev.cairn.server.runtime.ContextCompactionTest.payloads;
import static dev.cairn.server.runtime.ContextCompactionTest.words;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.Message;
import dev.cairn.core.store.SessionRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent finds, with {@code conversation_search}, turns that a summary has replaced in its context. */
class ConversationSearchRunTest {

    private static final String TENANT = RuntimeFixture.TENANT;
    private static final String AGENT = """
            name: helper
            instructions: Help.
            tools: [{builtin: conversation_search}]
            """;
    private static final String FIRST = "My order number is 4417 and the teapot in it arrived cracked.";

    @TempDir
    Path folder;

    @Test
    void aTurnSummarizedOutOfContextIsFoundWithItsSeqRoleAndTime() throws Exception {
        ContextCompactionTest.RecordingModel model = new ContextCompactionTest.RecordingModel();
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(model.provider())
                .contextTokens(ContextCompactionTest.CONTEXT_TOKENS).open()) {
            fixture.agent(AGENT);
            String session = fixture.session("helper");
            ask(fixture, session, FIRST);
            long firstSeq = fixture.store.events().readAll(session).stream()
                    .filter(event -> event.payload() instanceof EventPayload.UserMessage).findFirst().orElseThrow().seq();
            for (int turn = 2; payloads(fixture.store.events().readAll(session), EventPayload.ContextCompacted.class)
                    .stream().noneMatch(compacted -> compacted.throughSeq() >= firstSeq); turn++) {
                ask(fixture, session, words(turn));
            }

            ask(fixture, session, "/call conversation_search {\"query\": \"order 4417 teapot\", \"limit\": 3}");

            List<Event> events = fixture.store.events().readAll(session);
            EventPayload.ToolCompleted found = payloads(events, EventPayload.ToolCompleted.class).getLast();
            assertThat(found.tool()).isEqualTo("conversation_search");
            // The scripted model's own message holds the query too (it is the script); the first turn comes next.
            JsonNode matches = Json.parse(found.output()).get("matches");
            assertThat(matches).hasSize(3);
            assertThat(matches.get(0).get("excerpt").asText()).startsWith("/call conversation_search");
            assertThat(matches.get(1).get("seq").asLong()).isEqualTo(firstSeq);
            assertThat(matches.get(1).get("role").asText()).isEqualTo("user");
            assertThat(matches.get(1).get("excerpt").asText()).isEqualTo(FIRST);
            Event firstEvent = events.stream().filter(event -> event.seq() == firstSeq).findFirst().orElseThrow();
            assertThat(matches.get(1).get("time").asText()).isEqualTo(firstEvent.createdAt().toString());
            assertThat(matches.get(2).get("role").asText()).isEqualTo("assistant");
            assertThat(matches.get(2).get("excerpt").asText()).isEqualTo("echo: " + FIRST);

            ChatRequest afterSearch = model.of(ChatRequest.Purpose.ANSWER).getLast();
            assertThat(afterSearch.messages()).doesNotContain(new Message.User(FIRST));
            assertThat(afterSearch.messages()).filteredOn(Message.ToolResult.class::isInstance)
                    .singleElement().satisfies(result -> assertThat(((Message.ToolResult) result).content())
                            .contains("\"seq\":" + firstSeq));

            SessionRecord fork = fixture.runtime.fork(TENANT, session, fixture.store.events().lastSeq(session));
            ask(fixture, fork.id(), "/call conversation_search {\"query\": \"cracked\"}");
            EventPayload.ToolCompleted inFork = payloads(fixture.store.events().readAll(fork.id()),
                    EventPayload.ToolCompleted.class).getLast();
            assertThat(Json.parse(inFork.output()).get("matches").findValuesAsText("seq")).contains(String.valueOf(firstSeq));
        }
    }
}
