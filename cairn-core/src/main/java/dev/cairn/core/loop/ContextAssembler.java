package dev.cairn.core.loop;

import dev.cairn.core.model.Message;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.session.SessionView.TranscriptEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Builds the messages of one model call: the instructions with the memory blocks, then as many
 * of the most recent transcript messages as fit the token budget. An assistant message that
 * calls tools and the results of those calls are kept or dropped together, never split.
 *
 * <p>Stateless and thread-safe.
 */
public final class ContextAssembler {

    static final String NO_RESULT = "no result was recorded for this call (the run ended before it completed)";

    private final TokenCounter counter;

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
        Message.System system = new Message.System(systemText(instructions, memoryBlocks));
        long used = counter.count(system);
        for (ToolDefinition tool : tools) {
            used += counter.count(tool);
        }
        Deque<List<Message>> kept = new ArrayDeque<>();
        List<List<TranscriptEntry>> units = units(transcript);
        int dropped = 0;
        for (int i = units.size() - 1; i >= 0; i--) {
            List<TranscriptEntry> unit = units.get(i);
            long unitTokens = 0;
            for (TranscriptEntry entry : unit) {
                unitTokens += entryTokens.applyAsInt(entry);
            }
            boolean newest = i == units.size() - 1;
            if (!newest && used + unitTokens > budgetTokens) {
                for (int j = 0; j <= i; j++) {
                    dropped += units.get(j).size();
                }
                break;
            }
            used += unitTokens;
            kept.addFirst(complete(unit));
        }
        List<Message> messages = new ArrayList<>();
        messages.add(system);
        kept.forEach(messages::addAll);
        return new Context(messages, used, dropped);
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

    /** Splits the transcript into units that must stay together: a tool-calling answer and its results. */
    private static List<List<TranscriptEntry>> units(List<TranscriptEntry> transcript) {
        List<List<TranscriptEntry>> units = new ArrayList<>();
        List<TranscriptEntry> open = null;
        for (TranscriptEntry entry : transcript) {
            Message message = entry.message();
            if (message instanceof Message.ToolResult && open != null) {
                open.add(entry);
                continue;
            }
            if (message instanceof Message.ToolResult) {
                continue; // a result without its call cannot be shown to a model
            }
            List<TranscriptEntry> unit = new ArrayList<>();
            unit.add(entry);
            units.add(unit);
            open = message instanceof Message.Assistant assistant && !assistant.toolCalls().isEmpty() ? unit : null;
        }
        return units;
    }

    /** The unit's messages, with a result added for any call that never got one. */
    private static List<Message> complete(List<TranscriptEntry> unit) {
        List<Message> messages = new ArrayList<>(unit.size());
        Set<String> answered = new HashSet<>();
        for (TranscriptEntry entry : unit) {
            messages.add(entry.message());
            if (entry.message() instanceof Message.ToolResult result) {
                answered.add(result.callId());
            }
        }
        if (unit.getFirst().message() instanceof Message.Assistant assistant) {
            for (ToolCall call : assistant.toolCalls()) {
                if (!answered.contains(call.id())) {
                    messages.add(new Message.ToolResult(call.id(), call.name(), NO_RESULT, true));
                }
            }
        }
        return messages;
    }
}
