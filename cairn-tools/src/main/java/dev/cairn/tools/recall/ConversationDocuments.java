package dev.cairn.tools.recall;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.model.ToolCall;
import java.util.Optional;

/**
 * What of a session's events is searchable: what the user said, what the model answered (with the
 * tools it called and their arguments), and what tools returned or how they failed. The search
 * tool's own calls and results are left out, so searching never finds earlier searches. A tool
 * output too large for the log is searchable by the part the log keeps.
 */
final class ConversationDocuments {

    /** One searchable message. */
    record Searchable(long seq, String role, String tool, boolean error, long timeMillis, String text) {
    }

    private ConversationDocuments() {
    }

    static Optional<Searchable> of(Event event, String searchToolName) {
        long time = event.createdAt().toEpochMilli();
        return switch (event.payload()) {
            case EventPayload.UserMessage message ->
                    searchable(new Searchable(event.seq(), "user", null, false, time, message.content()));
            case EventPayload.ModelResponded responded -> {
                StringBuilder text = new StringBuilder(responded.text());
                for (ToolCall call : responded.toolCalls()) {
                    if (!call.name().equals(searchToolName)) {
                        text.append(text.isEmpty() ? "" : "\n").append(call.name()).append(' ').append(call.arguments());
                    }
                }
                yield searchable(new Searchable(event.seq(), "assistant", null, false, time, text.toString()));
            }
            case EventPayload.ToolCompleted completed -> completed.tool().equals(searchToolName) ? Optional.empty()
                    : searchable(new Searchable(event.seq(), "tool", completed.tool(), false, time, completed.output()));
            case EventPayload.ToolFailed failed -> failed.tool().equals(searchToolName) ? Optional.empty()
                    : searchable(new Searchable(event.seq(), "tool", failed.tool(), true, time,
                    failed.error() == null ? "" : failed.error()));
            default -> Optional.empty();
        };
    }

    private static Optional<Searchable> searchable(Searchable message) {
        return message.text().isBlank() ? Optional.empty() : Optional.of(message);
    }
}
