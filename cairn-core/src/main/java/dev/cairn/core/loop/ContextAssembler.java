package dev.cairn.core.loop;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.session.SessionView.TranscriptEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Builds the messages of one model call: the instructions with the memory blocks, then the summary
 * of earlier conversation if there is one, then as many of the most recent transcript messages as
 * fit the token budget. An assistant message that calls tools and the results of those calls are
 * kept or dropped together, never split.
 *
 * <p>Thread-safe. It remembers the token counts of the instructions (with memory), summaries and
 * the tool definitions it has seen, which every model step of a run repeats; transcript entries
 * are counted through the caller's {@code entryTokens}, which should cache them.
 */
public final class ContextAssembler {

    static final String NO_RESULT = "no result was recorded for this call (the run ended before it completed)";

    /** Opens the message that holds a summary of earlier conversation; the model reads it as such. */
    static final String SUMMARY_HEADING = "Summary of the earlier conversation, which no longer fits in your context "
            + "(the messages after it follow as they were):";

    private static final int REMEMBERED_COUNTS = 256;

    private final TokenCounter counter;
    private final Cache<String, Integer> systemTokens = Caffeine.newBuilder().maximumSize(REMEMBERED_COUNTS).build();
    private final Cache<ToolDefinition, Integer> toolTokens = Caffeine.newBuilder().maximumSize(REMEMBERED_COUNTS).build();

    public ContextAssembler(TokenCounter counter) {
        this.counter = counter;
    }

    /** The assembled context and its size. */
    public record Context(List<Message> messages, long tokens, int droppedMessages) {
        public Context {
            messages = List.copyOf(messages);
        }
    }

    /**
     * @param instructions     the agent's instructions
     * @param memoryBlocks     label to text, in display order
     * @param transcript       the session's transcript, oldest first
     * @param tools            the tools offered in this call (they take context too)
     * @param budgetTokens     the most tokens the context may hold
     * @param entryTokens      the token count of a transcript entry (callers cache it)
     */
    public Context assemble(String instructions, Map<String, String> memoryBlocks, List<TranscriptEntry> transcript,
                            List<ToolDefinition> tools, long budgetTokens, ToIntFunction<TranscriptEntry> entryTokens) {
        return assemble(instructions, memoryBlocks, "", transcript, tools, budgetTokens, entryTokens);
    }

    /**
     * As {@link #assemble(String, Map, List, List, long, ToIntFunction)}, with a summary of the
     * conversation before {@code transcript} placed between the instructions and the transcript,
     * in a message of its own that says what it is ({@code summary} empty: there is none).
     */
    public Context assemble(String instructions, Map<String, String> memoryBlocks, String summary,
                            List<TranscriptEntry> transcript, List<ToolDefinition> tools, long budgetTokens,
                            ToIntFunction<TranscriptEntry> entryTokens) {
        Message.System system = new Message.System(systemText(instructions, memoryBlocks));
        Message.System earlier = summary.isEmpty() ? null : summaryMessage(summary);
        long used = fixedTokens(system, tools) + (earlier == null ? 0 : tokens(earlier));
        Units units = Units.of(transcript);
        int firstKept = units.count();
        int dropped = 0;
        for (int unit = units.count() - 1; unit >= 0; unit--) {
            long unitTokens = units.tokens(unit, transcript, entryTokens);
            boolean newest = unit == units.count() - 1;
            if (!newest && used + unitTokens > budgetTokens) {
                for (int older = 0; older <= unit; older++) {
                    dropped += units.end(older) - units.start(older);
                }
                break;
            }
            used += unitTokens;
            firstKept = unit;
        }
        List<Message> messages = new ArrayList<>(2 + transcript.size());
        messages.add(system);
        if (earlier != null) {
            messages.add(earlier);
        }
        for (int unit = firstKept; unit < units.count(); unit++) {
            addComplete(transcript, units.start(unit), units.end(unit), messages);
        }
        return new Context(messages, used, dropped);
    }

    /** The tokens the instructions with memory blocks and the tool definitions take, before any transcript. */
    long fixedTokens(String instructions, Map<String, String> memoryBlocks, List<ToolDefinition> tools) {
        return fixedTokens(new Message.System(systemText(instructions, memoryBlocks)), tools);
    }

    /** The tokens the message holding {@code summary} takes; 0 for no summary. */
    long summaryTokens(String summary) {
        return summary.isEmpty() ? 0 : tokens(summaryMessage(summary));
    }

    private long fixedTokens(Message.System system, List<ToolDefinition> tools) {
        long used = tokens(system);
        for (ToolDefinition tool : tools) {
            used += toolTokens.get(tool, counter::count);
        }
        return used;
    }

    private long tokens(Message.System system) {
        return systemTokens.get(system.text(), text -> counter.count(system));
    }

    static Message.System summaryMessage(String summary) {
        return new Message.System(SUMMARY_HEADING + "\n<earlier_conversation_summary>\n" + summary
                + "\n</earlier_conversation_summary>");
    }

    /** The tokens one transcript entry takes; what callers cache for {@code entryTokens}. */
    public int tokens(TranscriptEntry entry) {
        return counter.count(entry.message());
    }

    static String systemText(String instructions, Map<String, String> memoryBlocks) {
        if (memoryBlocks.isEmpty()) {
            return instructions;
        }
        StringBuilder text = new StringBuilder(instructions);
        if (!instructions.isEmpty()) {
            text.append("\n\n");
        }
        text.append("Your memory blocks (edit them with the memory tool):");
        memoryBlocks.forEach((label, value) ->
                text.append("\n<memory label=\"").append(label).append("\">\n").append(value).append("\n</memory>"));
        return text.toString();
    }

    /**
     * The transcript split into units that must stay together: a message, and for a tool-calling
     * answer the results that follow it. Unit {@code i} is the entries {@code [start(i), end(i))}.
     * A result without its call belongs to no unit: it cannot be shown to a model.
     */
    record Units(int[] starts, int[] ends, int count) {

        static Units of(List<TranscriptEntry> transcript) {
            int size = transcript.size();
            int[] starts = new int[size];
            int[] ends = new int[size];
            int count = 0;
            for (int entry = 0; entry < size; ) {
                Message message = transcript.get(entry).message();
                if (message instanceof Message.ToolResult) {
                    entry++;
                    continue;
                }
                int end = entry + 1;
                if (message instanceof Message.Assistant assistant && !assistant.toolCalls().isEmpty()) {
                    while (end < size && transcript.get(end).message() instanceof Message.ToolResult) {
                        end++;
                    }
                }
                starts[count] = entry;
                ends[count] = end;
                count++;
                entry = end;
            }
            return new Units(starts, ends, count);
        }

        int start(int unit) {
            return starts[unit];
        }

        int end(int unit) {
            return ends[unit];
        }

        long tokens(int unit, List<TranscriptEntry> transcript, ToIntFunction<TranscriptEntry> entryTokens) {
            long tokens = 0;
            for (int entry = starts[unit]; entry < ends[unit]; entry++) {
                tokens += entryTokens.applyAsInt(transcript.get(entry));
            }
            return tokens;
        }
    }

    /** Adds the unit's messages, with a result for any call that never got one. */
    private static void addComplete(List<TranscriptEntry> transcript, int start, int end, List<Message> messages) {
        for (int entry = start; entry < end; entry++) {
            messages.add(transcript.get(entry).message());
        }
        if (!(transcript.get(start).message() instanceof Message.Assistant assistant)) {
            return;
        }
        for (ToolCall call : assistant.toolCalls()) {
            if (!answered(transcript, start + 1, end, call.id())) {
                messages.add(new Message.ToolResult(call.id(), call.name(), NO_RESULT, true));
            }
        }
    }

    private static boolean answered(List<TranscriptEntry> transcript, int start, int end, String callId) {
        for (int entry = start; entry < end; entry++) {
            if (transcript.get(entry).message() instanceof Message.ToolResult result && result.callId().equals(callId)) {
                return true;
            }
        }
        return false;
    }
}
