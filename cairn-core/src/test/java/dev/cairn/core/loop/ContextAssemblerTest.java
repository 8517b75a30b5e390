package dev.cairn.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.model.Message;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.session.SessionView.TranscriptEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextAssemblerTest {

    /** One token per character keeps the arithmetic of these tests visible. */
    private final TokenCounter perChar = String::length;
    private final ContextAssembler assembler = new ContextAssembler(perChar);

    private static List<TranscriptEntry> transcript(Message... messages) {
        List<TranscriptEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            entries.add(new TranscriptEntry(i + 1, "run_1", messages[i]));
        }
        return entries;
    }

    private ContextAssembler.Context assemble(List<TranscriptEntry> transcript, long budget) {
        return assembler.assemble("be brief", Map.of(), transcript, List.of(), budget, assembler::tokens);
    }

    @Test
    void instructionsComeFirstThenMemoryBlocksInOrder() {
        Map<String, String> blocks = new LinkedHashMap<>();
        blocks.put("persona", "Concise.");
        blocks.put("user", "Ada, prefers email.");
        ContextAssembler.Context context = assembler.assemble("You triage.", blocks,
                transcript(new Message.User("hi")), List.of(), 10_000, assembler::tokens);
        Message.System system = (Message.System) context.messages().getFirst();
        assertThat(system.text()).startsWith("You triage.");
        assertThat(system.text().indexOf("persona")).isLessThan(system.text().indexOf("Ada, prefers email."));
        assertThat(context.messages()).hasSize(2);
    }

    @Test
    void keepsTheMostRecentMessagesThatFitTheBudget() {
        List<TranscriptEntry> transcript = transcript(
                new Message.User("a".repeat(100)), Message.Assistant.text("b".repeat(100)),
                new Message.User("c".repeat(100)), Message.Assistant.text("d".repeat(100)),
                new Message.User("latest"));
        // system "be brief" = 8 + 4; each long message 104; "latest" 10
        ContextAssembler.Context context = assemble(transcript, 12 + 10 + 104 * 2 + 50);
        assertThat(context.messages()).hasSize(4);
        assertThat(((Message.User) context.messages().getLast()).text()).isEqualTo("latest");
        assertThat(((Message.User) context.messages().get(1)).text()).startsWith("c");
        assertThat(context.droppedMessages()).isEqualTo(2);
        assertThat(context.tokens()).isLessThanOrEqualTo(12 + 10 + 104 * 2 + 50);
    }

    @Test
    void neverSplitsAToolCallFromItsResults() {
        Message.Assistant calls = new Message.Assistant("", List.of(
                new ToolCall("c1", "lookup", "{}"), new ToolCall("c2", "lookup", "{}")));
        List<TranscriptEntry> transcript = transcript(
                new Message.User("q"), calls,
                new Message.ToolResult("c1", "lookup", "r".repeat(50), false),
                new Message.ToolResult("c2", "lookup", "r".repeat(50), false),
                Message.Assistant.text("answer"), new Message.User("next"));
        long unitSize = assembler.tokens(transcript.get(1)) + assembler.tokens(transcript.get(2)) + assembler.tokens(transcript.get(3));
        long tail = assembler.tokens(transcript.get(4)) + assembler.tokens(transcript.get(5));
        for (long budget = 12 + tail; budget < 12 + tail + unitSize + 20; budget++) {
            List<Message> messages = assemble(transcript, budget).messages();
            boolean hasCall = messages.contains(calls);
            long results = messages.stream().filter(Message.ToolResult.class::isInstance).count();
            assertThat(results).as("budget %d", budget).isEqualTo(hasCall ? 2 : 0);
        }
    }

    @Test
    void theNewestMessageIsKeptEvenWhenItAloneIsOverBudget() {
        ContextAssembler.Context context = assemble(transcript(new Message.User("x".repeat(500))), 100);
        assertThat(context.messages()).hasSize(2);
    }

    @Test
    void aCallThatNeverGotAResultIsAnsweredSoProvidersAcceptTheHistory() {
        Message.Assistant calls = new Message.Assistant("", List.of(new ToolCall("c1", "lookup", "{}")));
        List<Message> messages = assemble(transcript(new Message.User("q"), calls, new Message.User("again")), 10_000)
                .messages();
        assertThat(messages.get(3)).isEqualTo(new Message.ToolResult("c1", "lookup", ContextAssembler.NO_RESULT, true));
        assertThat(messages.getLast()).isEqualTo(new Message.User("again"));
    }

    @Test
    void aSummaryOfEarlierConversationComesAfterTheInstructionsLabelledAsSuch() {
        List<TranscriptEntry> transcript = transcript(new Message.User("latest"));
        ContextAssembler.Context context = assembler.assemble("be brief", Map.of(), "the user is Ada", transcript,
                List.of(), 10_000, assembler::tokens);
        assertThat(context.messages()).hasSize(3);
        assertThat(((Message.System) context.messages().get(0)).text()).isEqualTo("be brief");
        Message.System summary = (Message.System) context.messages().get(1);
        assertThat(summary.text()).startsWith(ContextAssembler.SUMMARY_HEADING)
                .contains("<earlier_conversation_summary>\nthe user is Ada\n</earlier_conversation_summary>");
        assertThat(context.messages().get(2)).isEqualTo(new Message.User("latest"));
        assertThat(context.tokens()).isEqualTo(12 + (summary.text().length() + 4) + 10);
    }

    @Test
    void theSummaryCountsAgainstTheBudget() {
        List<TranscriptEntry> transcript = transcript(new Message.User("a".repeat(100)), new Message.User("latest"));
        long withoutSummary = assemble(transcript, 12 + 104 + 10).messages().size();
        long withSummary = assembler.assemble("be brief", Map.of(), "s", transcript, List.of(), 12 + 104 + 10,
                assembler::tokens).messages().size();
        assertThat(withoutSummary).isEqualTo(3);
        assertThat(withSummary).isEqualTo(3); // instructions, summary, latest: the oldest message no longer fits
    }
}
