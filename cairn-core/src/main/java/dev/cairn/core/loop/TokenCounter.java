package dev.cairn.core.loop;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.ToolDefinition;

/**
 * Counts the tokens a message takes in a model's context. Thread-safe.
 */
@FunctionalInterface
public interface TokenCounter {

    /** Tokens of a text. */
    int count(String text);

    /** Tokens of a message, with the few tokens each message costs for its framing. */
    default int count(Message message) {
        return 4 + switch (message) {
            case Message.System system -> count(system.text());
            case Message.User user -> count(user.text());
            case Message.Assistant assistant -> {
                int tokens = count(assistant.text());
                for (ToolCall call : assistant.toolCalls()) {
                    tokens += 8 + count(call.name()) + count(call.arguments());
                }
                yield tokens;
            }
            case Message.ToolResult result -> 4 + count(result.content());
        };
    }

    default int count(ToolDefinition tool) {
        return 8 + count(tool.name()) + count(tool.description()) + count(tool.inputSchema().toString());
    }

    /** The o200k_base encoding (GPT-4o and later); close enough for budgeting other models too. */
    static TokenCounter o200k() {
        Encoding encoding = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
        return encoding::countTokensOrdinary;
    }
}
