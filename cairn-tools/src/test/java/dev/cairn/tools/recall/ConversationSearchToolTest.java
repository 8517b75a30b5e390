package dev.cairn.tools.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.Usage;
import dev.cairn.core.session.SessionHistory;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.Tenant;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import dev.cairn.store.sqlite.SqliteStore;
import dev.cairn.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conversation_search} over sessions' logs in a real SQLite file. */
class ConversationSearchToolTest {

    private static final String TENANT = "t1";
    /** Room for the text of two of {@link #aConversation}'s sessions (about 500 characters each), not three. */
    private static final long MAX_INDEXED_CHARS = 1_200;

    @TempDir
    Path folder;

    private final ManualClock clock = ManualClock.at(Instant.parse("2025-05-01T10:00:00Z"));
    private SqliteStore store;
    private final AtomicInteger eventsRead = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();
    private ConversationRecall recall;
    private ConversationSearchTool tool;
    private int runs;

    @BeforeEach
    void open() {
        store = SqliteStore.open(folder.resolve("cairn.db"), clock);
        store.tenants().createTenant(new Tenant(TENANT, TENANT, clock.instant()));
        SessionHistory events = SessionHistory.of(store.events());
        SessionHistory counting = new SessionHistory() {
            @Override
            public List<Event> read(String sessionId, long afterSeq, int limit) {
                List<Event> read = events.read(sessionId, afterSeq, limit);
                eventsRead.addAndGet(read.size());
                return read;
            }

            @Override
            public long lastSeq(String sessionId) {
                return events.lastSeq(sessionId);
            }
        };
        recall = ConversationRecall.create(counting, MAX_INDEXED_CHARS, Duration.ofMinutes(10), nanos::get);
        tool = ConversationSearchTool.create(recall);
    }

    @AfterEach
    void close() {
        recall.close();
        store.close();
    }

    private String newSession(String id) {
        store.sessions().create(new SessionRecord(id, TENANT, "helper", 1, "u1", null, clock.instant()));
        return id;
    }

    /** A whole turn: the user's message, a model step calling {@code tool} if given, its result, and the answer. */
    private void turn(String session, String said, String tool, String arguments, String result, String answer) {
        String runId = "run_" + (++runs);
        List<NewEvent> events = new ArrayList<>();
        long last = store.events().lastSeq(session);
        events.add(NewEvent.of(new EventPayload.UserMessage("msg_" + runs, said)));
        events.add(NewEvent.ofRun(runId, new EventPayload.RunQueued("message", last + 1)));
        events.add(NewEvent.ofRun(runId, new EventPayload.RunStarted("helper", 1, "default")));
        int step = 1;
        if (tool != null) {
            String callId = "call_" + runs;
            events.add(NewEvent.ofRun(runId, new EventPayload.ModelRequested(step, "default", "scripted", "m", 2, 10)));
            events.add(NewEvent.ofRun(runId, new EventPayload.ModelResponded(step, "scripted", "m", "",
                    List.of(new ToolCall(callId, tool, arguments)), new Usage(5, 5), "tool_calls", 1)));
            events.add(NewEvent.ofRun(runId, new EventPayload.ToolRequested(step, callId, tool, arguments)));
            events.add(NewEvent.ofRun(runId, new EventPayload.ToolStarted(callId, tool, "key_" + callId)));
            events.add(NewEvent.ofRun(runId, result.startsWith("!")
                    ? new EventPayload.ToolFailed(callId, tool, result.substring(1), 3)
                    : new EventPayload.ToolCompleted(callId, tool, result, 3)));
            step++;
        }
        events.add(NewEvent.ofRun(runId, new EventPayload.ModelRequested(step, "default", "scripted", "m", 2, 10)));
        events.add(NewEvent.ofRun(runId, new EventPayload.ModelResponded(step, "scripted", "m", answer, List.of(),
                new Usage(5, 5), "stop", 1)));
        events.add(NewEvent.ofRun(runId, new EventPayload.RunCompleted(answer, step, new Usage(10, 10))));
        store.events().appendAndWait(session, last, events);
        clock.advance(Duration.ofMinutes(1));
    }

    private JsonNode search(String session, String arguments) throws Exception {
        ToolOutcome outcome = tool.call(new ToolInvocation(TENANT, session, "run_x", "call_x", "key",
                Json.parse(arguments), java.util.Map.of()));
        assertThat(outcome).isInstanceOf(ToolOutcome.Success.class);
        return Json.parse(((ToolOutcome.Success) outcome).output());
    }

    private JsonNode search(String session, String query, int limit) throws Exception {
        return search(session, Json.write(Json.object().put("query", query).put("limit", limit)));
    }

    private long seqOf(String session, String text) {
        return store.events().readAll(session).stream().filter(event -> switch (event.payload()) {
            case EventPayload.UserMessage message -> message.content().contains(text);
            case EventPayload.ModelResponded responded -> responded.text().contains(text);
            case EventPayload.ToolCompleted completed -> completed.output().contains(text);
            case EventPayload.ToolFailed failed -> failed.error().contains(text);
            default -> false;
        }).findFirst().orElseThrow().seq();
    }

    private void aConversation(String session) {
        turn(session, "My order 4417 arrived broken, the blue teapot is cracked.", null, null, null,
                "I am sorry about the teapot. Do you want a refund or a replacement?");
        turn(session, "A refund please.", "refund_order", "{\"order_id\": \"4417\"}", "refund of 39.90 EUR issued for order 4417",
                "The refund for order 4417 is on its way.");
        turn(session, "Also, what are your opening hours?", null, null, null, "We are open 9 to 17 on weekdays.");
        turn(session, "Can you check the shipment of order 5120?", "track_shipment", "{\"order_id\": \"5120\"}",
                "!the carrier's service did not answer", "I could not reach the carrier, please try again later.");
    }

    @Test
    void findsUserAssistantAndToolMessagesBestFirstWithSeqRoleTimeAndExcerpt() throws Exception {
        String session = newSession("ses_a");
        aConversation(session);

        JsonNode matches = search(session, "refunds", 10).get("matches");

        assertThat(matches.findValuesAsText("seq")).containsExactlyInAnyOrder(
                String.valueOf(seqOf(session, "Do you want a refund")), String.valueOf(seqOf(session, "A refund please")),
                String.valueOf(seqOf(session, "refund of 39.90")), String.valueOf(seqOf(session, "The refund for order")));
        assertThat(matches.get(0).get("seq").asLong()).isEqualTo(seqOf(session, "A refund please"));
        JsonNode toolResult = find(matches, seqOf(session, "refund of 39.90"));
        assertThat(toolResult.get("role").asText()).isEqualTo("tool");
        assertThat(toolResult.get("tool").asText()).isEqualTo("refund_order");
        assertThat(toolResult.get("error").asBoolean()).isFalse();
        assertThat(toolResult.get("excerpt").asText()).isEqualTo("refund of 39.90 EUR issued for order 4417");
        assertThat(Instant.parse(toolResult.get("time").asText())).isEqualTo(Instant.parse("2025-05-01T10:01:00Z"));
        assertThat(find(matches, seqOf(session, "A refund please")).get("role").asText()).isEqualTo("user");
        assertThat(find(matches, seqOf(session, "The refund for order")).get("role").asText()).isEqualTo("assistant");
    }

    @Test
    void aMessageWithMoreOfTheWordsAndTheWordsTogetherRanksHigher() throws Exception {
        String session = newSession("ses_rank");
        aConversation(session);

        JsonNode matches = search(session, "cracked blue teapot", 3).get("matches");

        assertThat(matches.get(0).get("seq").asLong()).isEqualTo(seqOf(session, "the blue teapot is cracked"));
        assertThat(matches.get(1).get("seq").asLong()).isEqualTo(seqOf(session, "sorry about the teapot"));
        assertThat(matches).hasSize(2);
        JsonNode failed = search(session, "carrier", 5).get("matches");
        assertThat(failed.get(0).get("tool").asText()).isEqualTo("track_shipment");
        assertThat(failed.get(0).get("error").asBoolean()).isTrue();
        assertThat(search(session, "order 4417", 2).get("matches")).hasSize(2);
    }

    @Test
    void anExcerptIsThePartOfALongMessageThatMatches() throws Exception {
        String session = newSession("ses_long");
        String filler = "Nothing of note happened in this part of the report. ".repeat(60);
        turn(session, "Summarize the report.", "read_report", "{}", filler + "The invoice number is INV-77231 and it is unpaid. "
                + filler, "done");

        JsonNode match = search(session, "invoice", 1).get("matches").get(0);

        String excerpt = match.get("excerpt").asText();
        assertThat(excerpt).contains("The invoice number is INV-77231").hasSizeLessThanOrEqualTo(402);
    }

    @Test
    void laterEventsAreIndexedIncrementallyAndTheOldOnesAreNotReadAgain() throws Exception {
        String session = newSession("ses_incremental");
        aConversation(session);
        assertThat(search(session, "umbrella", 5).get("matches")).isEmpty();
        int readBefore = eventsRead.get();
        long lastBefore = store.events().lastSeq(session);

        turn(session, "Do you sell umbrellas?", null, null, null, "Yes, umbrellas are in aisle 4.");
        JsonNode matches = search(session, "umbrella", 5).get("matches");

        assertThat(matches).hasSize(2);
        assertThat(eventsRead.get() - readBefore).isEqualTo((int) (store.events().lastSeq(session) - lastBefore));
        assertThat(search(session, "umbrella", 5).get("matches")).hasSize(2);
        assertThat(eventsRead.get() - readBefore).isEqualTo((int) (store.events().lastSeq(session) - lastBefore));
    }

    @Test
    void aForkFindsTheHistoryItSharesButNotWhatItsOriginalSaidLater() throws Exception {
        String parent = newSession("ses_parent");
        aConversation(parent);
        long forkPoint = store.events().lastSeq(parent);
        turn(parent, "The parrot is missing.", null, null, null, "Let us look for the parrot.");
        store.sessions().fork(new SessionRecord("ses_fork", TENANT, "helper", 1, "u1", null, clock.instant(),
                new SessionRecord.ForkPoint(parent, forkPoint)));
        turn("ses_fork", "The hamster is missing.", null, null, null, "Let us look for the hamster.");

        assertThat(search("ses_fork", "teapot", 5).get("matches").findValuesAsText("seq"))
                .containsExactlyInAnyOrderElementsOf(search(parent, "teapot", 5).get("matches").findValuesAsText("seq"));
        assertThat(search("ses_fork", "parrot", 5).get("matches")).isEmpty();
        assertThat(search("ses_fork", "hamster", 5).get("matches")).hasSize(2);
        assertThat(search(parent, "hamster", 5).get("matches")).isEmpty();
    }

    @Test
    void itsOwnSearchesAreNeverFound() throws Exception {
        String session = newSession("ses_own");
        aConversation(session);
        turn(session, "What did I say about the kettle?", ConversationSearchTool.NAME, "{\"query\": \"kettle\"}",
                "{\"matches\": [], \"note\": \"kettle nothing\"}", "You never mentioned a kettle.");

        JsonNode matches = search(session, "kettle", 10).get("matches");

        assertThat(matches.findValuesAsText("role")).containsExactlyInAnyOrder("user", "assistant");
    }

    @Test
    void queryTextIsNeverSyntaxAndNeverFails() throws Exception {
        String session = newSession("ses_syntax");
        aConversation(session);
        for (String query : List.of("\"unbalanced", "order:4417", "(teapot OR AND NOT", "refund~2 tea* ?ot [a TO z] {x}",
                "\\", "+-&&||!^", "/regex/", "*", "\u0000\ud83d\ude00 \u202e", "the of and", "🫖", "x".repeat(1000),
                "order 4417 ".repeat(90))) {
            JsonNode answer = search(session, query, 5);
            assertThat(answer.get("matches")).as(query).isNotNull();
        }
        assertThat(search(session, "order:4417", 5).get("matches")).isNotEmpty();
        JsonNode none = search(session, "the of and", 5);
        assertThat(none.get("matches")).isEmpty();
        assertThat(none.get("note").asText()).contains("nothing");
    }

    @Test
    void badArgumentsAreToldToTheModel() {
        String session = newSession("ses_bad");
        for (String arguments : List.of("{}", "{\"query\": 5}", "{\"query\": \"  \"}", "{\"query\": \"tea\", \"limit\": 0}",
                "{\"query\": \"tea\", \"limit\": 21}", "{\"query\": \"tea\", \"limit\": 2.5}",
                "{\"query\": \"" + "x".repeat(1001) + "\"}")) {
            assertThatThrownBy(() -> search(session, arguments)).as(arguments).isInstanceOf(ToolInputException.class);
        }
    }

    @Test
    void indexesAreKeptWithinTheirBudgetOfTextAndRebuiltWhenNeeded() throws Exception {
        for (String id : List.of("ses_1", "ses_2", "ses_3")) {
            aConversation(newSession(id));
            assertThat(search(id, "teapot", 5).get("matches")).hasSize(2);
        }
        assertThat(recall.indexedSessions()).isBetween(1L, 2L);
        assertThat(recall.indexedChars()).isBetween(400L, MAX_INDEXED_CHARS);
        nanos.addAndGet(Duration.ofMinutes(11).toNanos());
        assertThat(recall.indexedSessions()).isZero();

        int readBefore = eventsRead.get();
        assertThat(search("ses_1", "teapot", 5).get("matches")).hasSize(2);
        assertThat(eventsRead.get() - readBefore).isEqualTo((int) store.events().lastSeq("ses_1"));
    }

    @Test
    void aSessionRemovedAndMadeAgainUnderItsIdIsSearchedAsItIsNow() throws Exception {
        String session = newSession("ses_again");
        aConversation(session);
        assertThat(search(session, "teapot", 5).get("matches")).hasSize(2);
        store.sessions().delete(TENANT, session, store.events().lastSeq(session));
        newSession(session);
        turn(session, "Where is my parcel?", null, null, null, "On its way.");

        assertThat(search(session, "teapot", 5).get("matches")).isEmpty();
        assertThat(search(session, "parcel", 5).get("matches").findValuesAsText("seq"))
                .containsExactly(String.valueOf(seqOf(session, "Where is my parcel")));
    }

    private static JsonNode find(JsonNode matches, long seq) {
        for (JsonNode match : matches) {
            if (match.get("seq").asLong() == seq) {
                return match;
            }
        }
        throw new AssertionError("no match with seq " + seq + " in " + matches);
    }
}
