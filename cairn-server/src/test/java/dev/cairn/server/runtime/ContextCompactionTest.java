package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.Sleeper;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ProviderErrors;
import dev.cairn.core.model.ScriptedProvider;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.Usage;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.PostedMessage;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.session.SessionView.TranscriptEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session whose history outgrows its route's context budget: older turns are summarized by a
 * model call recorded as {@code context.compacted}, later requests hold the summary instead of
 * them, and every event stays as it was.
 */
class ContextCompactionTest {

    static final String TENANT = RuntimeFixture.TENANT;
    static final String AGENT = """
            name: helper
            instructions: Help.
            memory: {blocks: {notes: ""}}
            tools: [{builtin: memory}]
            """;
    /** With the fixture's 500 output tokens, 1000 tokens for the context of each call. */
    static final int CONTEXT_TOKENS = 1500;

    @TempDir
    Path folder;

    /** The scripted model, recording every request; summaries fail while {@link #failSummaries} is set. */
    static final class RecordingModel {
        final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean failSummaries = new AtomicBoolean();
        private final ScriptedProvider scripted = ScriptedProvider.create("scripted", Sleeper.SYSTEM);

        ChatProvider provider() {
            return AgentRuntimeTest.provider("scripted", request -> {
                requests.add(request);
                if (request.purpose() == ChatRequest.Purpose.SUMMARY && failSummaries.get()) {
                    throw ProviderErrors.fromStatus("scripted", 400, "this model does not summarize", 0, null);
                }
                return scripted.chat(request, StreamListener.NONE);
            });
        }

        List<ChatRequest> of(ChatRequest.Purpose purpose) {
            synchronized (requests) {
                return requests.stream().filter(request -> request.purpose() == purpose).toList();
            }
        }
    }

    /** About a hundred tokens of text that no other turn shares. */
    static String words(int turn) {
        return "turn " + turn + ": " + IntStream.range(0, 40).mapToObj(i -> "w" + turn + "n" + i)
                .collect(Collectors.joining(" "));
    }

    /** Every third turn the agent writes to its memory, so tool calls and their results are part of the history. */
    static String message(int turn) {
        return turn % 3 == 0
                ? "/call memory {\"operation\":\"replace\",\"label\":\"notes\",\"text\":\"fact " + turn + "\"}"
                : words(turn);
    }

    static RunView ask(RuntimeFixture fixture, String session, String content) throws InterruptedException {
        PostedMessage posted = fixture.runtime.postMessage(TENANT, session, content, null);
        RunView run = fixture.runtime.awaitRun(TENANT, posted.run().id(), Duration.ofSeconds(20));
        assertThat(run.state()).as("run of %s", content).isEqualTo(RunState.COMPLETED);
        return run;
    }

    static <T extends EventPayload> List<T> payloads(List<Event> events, Class<T> type) {
        return events.stream().map(Event::payload).filter(type::isInstance).map(type::cast).toList();
    }

    /** The lines a summarizing call was asked to fold in. */
    static List<String> foldedLines(ChatRequest request) {
        String text = request.latestUserText();
        String conversation = text.substring(text.indexOf("<conversation>\n") + "<conversation>\n".length(),
                text.indexOf("</conversation>"));
        return conversation.lines().toList();
    }

    @Test
    void aLongSessionIsSummarizedAndLaterRequestsHoldTheSummaryInsteadOfTheOldTurns() throws Exception {
        RecordingModel model = new RecordingModel();
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(model.provider()).contextTokens(CONTEXT_TOKENS).open()) {
            fixture.agent(AGENT);
            String session = fixture.session("helper");
            List<RunView> runs = new ArrayList<>();
            List<Event> beforeCompaction = null;
            for (int turn = 1; turn <= 14; turn++) {
                runs.add(ask(fixture, session, message(turn)));
                List<Event> now = fixture.store.events().readAll(session);
                if (beforeCompaction == null && payloads(now, EventPayload.ContextCompacted.class).isEmpty()) {
                    continue;
                }
                if (beforeCompaction == null) {
                    beforeCompaction = fixture.store.events().readAll(session).stream()
                            .takeWhile(event -> !(event.payload() instanceof EventPayload.ContextCompacted)).toList();
                }
            }
            List<Event> events = fixture.store.events().readAll(session);
            List<EventPayload.ContextCompacted> compactions = payloads(events, EventPayload.ContextCompacted.class);
            assertThat(compactions).hasSizeBetween(2, 7);

            // Nothing was changed or lost: the log before the first summary is still there as it was, every message too.
            assertThat(beforeCompaction).isNotNull();
            assertThat(events.subList(0, beforeCompaction.size())).isEqualTo(beforeCompaction);
            assertThat(payloads(events, EventPayload.UserMessage.class)).extracting(EventPayload.UserMessage::content)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 14).mapToObj(ContextCompactionTest::message).toList());
            List<TranscriptEntry> transcript = SessionView.replay(session, events).transcript();
            assertThat(fixture.runtime.state(TENANT, session).transcript()).isEqualTo(transcript);

            assertSummariesSawExactlyTheMessagesTheyCover(model, compactions, transcript);
            assertLaterRequestsHoldTheSummaryAndNotTheOldTurns(model, compactions, transcript);
            assertNoToolCallIsSplitFromItsResults(events, compactions);
            assertEverySummaryIsCountedInItsRunsUsage(fixture, events, runs);
            for (EventPayload.ModelRequested requested : payloads(events, EventPayload.ModelRequested.class)) {
                assertThat(requested.contextTokens()).isLessThanOrEqualTo(CONTEXT_TOKENS - 500);
            }
        }
    }

    private static void assertSummariesSawExactlyTheMessagesTheyCover(RecordingModel model,
            List<EventPayload.ContextCompacted> compactions, List<TranscriptEntry> transcript) {
        List<ChatRequest> summaries = model.of(ChatRequest.Purpose.SUMMARY);
        assertThat(summaries).hasSameSizeAs(compactions);
        String previous = "";
        long coveredThrough = 0;
        for (int i = 0; i < compactions.size(); i++) {
            EventPayload.ContextCompacted compacted = compactions.get(i);
            ChatRequest request = summaries.get(i);
            List<TranscriptEntry> covered = transcript.stream()
                    .filter(entry -> entry.seq() >= compacted.fromSeq() && entry.seq() <= compacted.throughSeq()).toList();
            long gapFrom = coveredThrough;
            assertThat(transcript.stream().filter(entry -> entry.seq() > gapFrom && entry.seq() < compacted.fromSeq()))
                    .as("messages between summaries %d and %d", i - 1, i).isEmpty();
            assertThat(compacted.messages()).isEqualTo(covered.size());
            List<String> lines = foldedLines(request);
            List<String> expected = new ArrayList<>();
            for (TranscriptEntry entry : covered) {
                expected.addAll(renderedLines(entry));
            }
            assertThat(lines).containsExactlyElementsOf(expected);
            if (i > 0) {
                assertThat(request.latestUserText()).startsWith("<previous_summary>\n" + previous + "\n</previous_summary>\n");
            } else {
                assertThat(request.latestUserText()).doesNotContain("<previous_summary>");
            }
            String folded = lines.stream().filter(line -> line.startsWith("[#"))
                    .map(line -> line.length() > 40 ? line.substring(0, 40) : line)
                    .collect(Collectors.joining(" | "));
            assertThat(compacted.summary()).isEqualTo(("summary: " + folded).strip());
            assertThat(compacted.provider()).isEqualTo("scripted");
            assertThat(compacted.usage().totalTokens()).isPositive();
            assertThat(request.tools()).isEmpty();
            previous = compacted.summary();
            coveredThrough = compacted.throughSeq();
        }
    }

    /** The lines the summarizing model reads for one message, as documented by the request format. */
    static List<String> renderedLines(TranscriptEntry entry) {
        String tag = "[#" + entry.seq() + " ";
        return switch (entry.message()) {
            case Message.User user -> List.of(tag + "user] " + user.text());
            case Message.Assistant assistant -> {
                List<String> lines = new ArrayList<>();
                if (!assistant.text().isEmpty() || assistant.toolCalls().isEmpty()) {
                    lines.addAll((tag + "assistant] " + assistant.text()).lines().toList());
                }
                for (ToolCall call : assistant.toolCalls()) {
                    lines.add(tag + "assistant calls " + call.name() + "] " + call.arguments());
                }
                yield lines;
            }
            case Message.ToolResult result -> (tag + "tool " + result.toolName() + (result.error() ? " failed] " : "] ")
                    + result.content()).lines().toList();
            case Message.System system -> List.of(tag + "system] " + system.text());
        };
    }

    private static void assertLaterRequestsHoldTheSummaryAndNotTheOldTurns(RecordingModel model,
            List<EventPayload.ContextCompacted> compactions, List<TranscriptEntry> transcript) {
        int compacted = -1;
        int answersAfterLatest = 0;
        synchronized (model.requests) {
            for (ChatRequest request : model.requests) {
                if (request.purpose() == ChatRequest.Purpose.SUMMARY) {
                    assertThat(compacted < 0 || answersAfterLatest >= 2)
                            .as("a summary is due only after several more steps, not at every one").isTrue();
                    compacted++;
                    answersAfterLatest = 0;
                    continue;
                }
                answersAfterLatest++;
                if (compacted < 0) {
                    assertThat(request.messages()).filteredOn(Message.System.class::isInstance).hasSize(1);
                    continue;
                }
                EventPayload.ContextCompacted latest = compactions.get(compacted);
                Message.System summary = (Message.System) request.messages().get(1);
                assertThat(summary.text()).startsWith("Summary of the earlier conversation")
                        .contains("<earlier_conversation_summary>\n" + latest.summary() + "\n</earlier_conversation_summary>");
                Set<String> oldTexts = texts(transcript.stream().filter(entry -> entry.seq() <= latest.throughSeq()).toList());
                Set<String> sent = texts(request.messages().stream().skip(2)
                        .map(message -> new TranscriptEntry(0, null, message)).toList());
                sent.retainAll(oldTexts);
                sent.removeIf(text -> transcript.stream().anyMatch(entry -> entry.seq() > latest.throughSeq()
                        && texts(List.of(entry)).contains(text)));
                assertThat(sent).as("old turns sent after summary through #%d", latest.throughSeq()).isEmpty();
            }
        }
        assertThat(compacted).isEqualTo(compactions.size() - 1);
    }

    private static Set<String> texts(List<TranscriptEntry> entries) {
        Set<String> texts = new HashSet<>();
        for (TranscriptEntry entry : entries) {
            switch (entry.message()) {
                case Message.User user -> texts.add(user.text());
                case Message.Assistant assistant -> {
                    if (!assistant.text().isEmpty()) {
                        texts.add(assistant.text());
                    }
                    assistant.toolCalls().forEach(call -> texts.add(call.id()));
                }
                case Message.ToolResult result -> texts.add(result.callId());
                case Message.System system -> texts.add(system.text());
            }
        }
        return texts;
    }

    private static void assertNoToolCallIsSplitFromItsResults(List<Event> events,
            List<EventPayload.ContextCompacted> compactions) {
        for (EventPayload.ContextCompacted compacted : compactions) {
            Set<String> callsCovered = new HashSet<>();
            for (Event event : events) {
                if (event.payload() instanceof EventPayload.ToolRequested requested && event.seq() <= compacted.throughSeq()) {
                    callsCovered.add(requested.callId());
                }
                if (event.payload() instanceof EventPayload.ToolCompleted completed && event.seq() > compacted.throughSeq()) {
                    assertThat(callsCovered).as("call %s of summary through #%d", completed.callId(), compacted.throughSeq())
                            .doesNotContain(completed.callId());
                }
            }
        }
    }

    private static void assertEverySummaryIsCountedInItsRunsUsage(RuntimeFixture fixture, List<Event> events,
                                                                  List<RunView> runs) {
        int runsWithSummaries = 0;
        for (RunView run : runs) {
            Usage steps = Usage.ZERO;
            Usage summaries = Usage.ZERO;
            for (Event event : events) {
                if (!run.id().equals(event.runId())) {
                    continue;
                }
                if (event.payload() instanceof EventPayload.ModelResponded responded) {
                    steps = steps.plus(responded.usage());
                } else if (event.payload() instanceof EventPayload.ContextCompacted compacted) {
                    summaries = summaries.plus(compacted.usage());
                }
            }
            RunView ended = fixture.runtime.run(TENANT, run.id());
            assertThat(ended.usage()).isEqualTo(steps.plus(summaries));
            EventPayload.RunCompleted completed = payloads(events.stream().filter(e -> run.id().equals(e.runId())).toList(),
                    EventPayload.RunCompleted.class).getFirst();
            assertThat(completed.usage()).isEqualTo(steps.plus(summaries));
            runsWithSummaries += summaries.totalTokens() > 0 ? 1 : 0;
        }
        assertThat(runsWithSummaries).isPositive();
    }

    @Test
    void aRestartedProcessBuildsTheSameContextFromTheLog() throws Exception {
        RecordingModel before = new RecordingModel();
        String session;
        ChatRequest lastBefore;
        String lastAnswer;
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(before.provider()).contextTokens(CONTEXT_TOKENS).open()) {
            fixture.agent(AGENT);
            session = fixture.session("helper");
            int turn = 1;
            while (before.of(ChatRequest.Purpose.SUMMARY).isEmpty()) {
                ask(fixture, session, message(turn++));
            }
            ask(fixture, session, "last turn before the restart");
            List<ChatRequest> answers = before.of(ChatRequest.Purpose.ANSWER);
            lastBefore = answers.getLast();
            lastAnswer = fixture.runtime.state(TENANT, session).transcript().getLast().message() instanceof Message.Assistant a
                    ? a.text() : null;
        }
        int summariesBefore = before.of(ChatRequest.Purpose.SUMMARY).size();
        RecordingModel after = new RecordingModel();
        try (RuntimeFixture reopened = RuntimeFixture.in(folder).model(after.provider()).contextTokens(CONTEXT_TOKENS).open()) {
            ask(reopened, session, "after");
            ChatRequest first = after.of(ChatRequest.Purpose.ANSWER).getFirst();
            assertThat(after.of(ChatRequest.Purpose.SUMMARY)).isEmpty();
            List<Message> expected = new ArrayList<>(lastBefore.messages());
            expected.add(Message.Assistant.text(lastAnswer));
            expected.add(new Message.User("after"));
            assertThat(first.messages()).containsExactlyElementsOf(expected);
            assertThat(first.messages().get(1)).isInstanceOf(Message.System.class);
        }
        assertThat(summariesBefore).isPositive();
    }

    @Test
    void aFailedSummaryIsRecordedAndTheRunGoesOnWithoutTheOldestTurns() throws Exception {
        RecordingModel model = new RecordingModel();
        model.failSummaries.set(true);
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(model.provider()).contextTokens(CONTEXT_TOKENS).open()) {
            fixture.agent(AGENT);
            String session = fixture.session("helper");
            int turn = 1;
            List<Event> events = List.of();
            while (payloads(events, EventPayload.ContextCompactionFailed.class).isEmpty()) {
                ask(fixture, session, "/call memory {\"operation\":\"replace\",\"label\":\"notes\",\"text\":\""
                        + words(turn++) + "\"}");
                events = fixture.store.events().readAll(session);
                assertThat(turn).as("turns before the context is full").isLessThan(30);
            }
            EventPayload.ContextCompactionFailed failed = payloads(events, EventPayload.ContextCompactionFailed.class).getFirst();
            assertThat(failed.reason()).isEqualTo("provider_rejected");
            assertThat(failed.message()).contains("this model does not summarize");
            assertThat(failed.failures()).singleElement().satisfies(failure -> assertThat(failure.status()).isEqualTo(400));
            Event failedEvent = events.stream().filter(e -> e.payload() instanceof EventPayload.ContextCompactionFailed)
                    .findFirst().orElseThrow();
            // One try per run: the run's second step does not ask again, and still fits by leaving old turns out.
            assertThat(events.stream().filter(e -> failedEvent.runId().equals(e.runId()))
                    .filter(e -> e.payload() instanceof EventPayload.ContextCompactionFailed)).hasSize(1);
            assertThat(model.of(ChatRequest.Purpose.SUMMARY)).hasSize(1);
            List<EventPayload.ModelRequested> steps = payloads(events.stream()
                    .filter(e -> failedEvent.runId().equals(e.runId())).toList(), EventPayload.ModelRequested.class);
            assertThat(steps).hasSize(2);
            steps.forEach(step -> assertThat(step.contextTokens()).isLessThanOrEqualTo(CONTEXT_TOKENS - 500));
            assertThat(payloads(events, EventPayload.ContextCompacted.class)).isEmpty();
            ChatRequest lastAnswer = model.of(ChatRequest.Purpose.ANSWER).getLast();
            assertThat(lastAnswer.messages()).filteredOn(Message.System.class::isInstance).hasSize(1);
            assertThat(lastAnswer.messages().stream().filter(Message.User.class::isInstance).map(m -> ((Message.User) m).text()))
                    .doesNotContain(payloads(events, EventPayload.UserMessage.class).getFirst().content());

            model.failSummaries.set(false);
            ask(fixture, session, "the next run tries again");
            assertThat(payloads(fixture.store.events().readAll(session), EventPayload.ContextCompacted.class)).isNotEmpty();
        }
    }

    @Test
    void aMessageQueuedForALaterRunIsNeverFoldedIntoASummaryOfAnEarlierOne() throws Exception {
        RecordingModel model = new RecordingModel();
        CountDownLatch laterMessagePosted = new CountDownLatch(1);
        AtomicBoolean looping = new AtomicBoolean();
        AtomicInteger loopCalls = new AtomicInteger();
        ChatProvider recorded = model.provider();
        ChatProvider provider = AgentRuntimeTest.provider("scripted", request -> {
            boolean loopStep = request.purpose() == ChatRequest.Purpose.ANSWER
                    && (looping.get() || request.latestUserText().startsWith("loop"));
            if (!loopStep) {
                return recorded.chat(request, StreamListener.NONE);
            }
            model.requests.add(request);
            looping.set(true);
            int call = loopCalls.getAndIncrement();
            if (call == 0) {
                AgentRuntimeTest.await(laterMessagePosted);
            }
            if (call < 5) {
                String arguments = "{\"operation\":\"replace\",\"label\":\"notes\",\"text\":\"" + words(100 + call) + "\"}";
                return new ChatResponse(new Message.Assistant("", List.of(new ToolCall("call_loop_" + call, "memory",
                        arguments))), new Usage(10, 10), "tool_calls", "scripted");
            }
            looping.set(false);
            return new ChatResponse(Message.Assistant.text("done"), new Usage(10, 1), "stop", "scripted");
        });
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).model(provider).contextTokens(CONTEXT_TOKENS).open()) {
            fixture.agent(AGENT);
            String session = fixture.session("helper");
            for (int turn = 1; turn <= 3; turn++) {
                ask(fixture, session, words(turn));
            }
            PostedMessage looping_ = fixture.runtime.postMessage(TENANT, session, "loop five times", null);
            PostedMessage later = fixture.runtime.postMessage(TENANT, session, "the later question", null);
            laterMessagePosted.countDown();
            RunView first = fixture.runtime.awaitRun(TENANT, looping_.run().id(), Duration.ofSeconds(20));
            RunView second = fixture.runtime.awaitRun(TENANT, later.run().id(), Duration.ofSeconds(20));
            assertThat(first.state()).isEqualTo(RunState.COMPLETED);
            assertThat(second.state()).isEqualTo(RunState.COMPLETED);

            List<Event> events = fixture.store.events().readAll(session);
            long laterSeq = later.message().seq();
            List<Event> compactedInFirst = events.stream().filter(e -> first.id().equals(e.runId()))
                    .filter(e -> e.payload() instanceof EventPayload.ContextCompacted).toList();
            assertThat(compactedInFirst).as("the first run summarized while the later message waited").isNotEmpty();
            compactedInFirst.forEach(e -> assertThat(((EventPayload.ContextCompacted) e.payload()).throughSeq())
                    .isLessThan(laterSeq));
            assertThat(events.stream().filter(e -> first.id().equals(e.runId()))
                    .filter(e -> e.payload() instanceof EventPayload.ToolRequested).map(Event::seq))
                    .allSatisfy(seq -> assertThat(seq).isGreaterThan(laterSeq));
            ChatRequest laterAnswer = model.of(ChatRequest.Purpose.ANSWER).stream()
                    .filter(request -> request.latestUserText().equals("the later question")).findFirst().orElseThrow();
            assertThat(laterAnswer.messages()).contains(new Message.User("the later question"));
        }
    }
}
