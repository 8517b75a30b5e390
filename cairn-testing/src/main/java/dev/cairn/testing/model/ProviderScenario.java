package dev.cairn.testing.model;

import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.Usage;
import dev.cairn.testing.wire.Cassette;
import java.util.List;
import java.util.Objects;

/**
 * One call a provider must handle: the recorded (or, where no recording exists, written)
 * traffic to replay, the request Cairn makes, and what the answer must read as.
 *
 * @param cassette the exchange to replay; its first interaction answers the call
 * @param basePath the path the provider's base URL has on the replay server, for example {@code /v1}
 * @param request  the request the provider is given
 * @param expected what the provider must return
 */
public record ProviderScenario(Cassette cassette, String basePath, ChatRequest request, Expected expected) {

    public ProviderScenario {
        Objects.requireNonNull(cassette, "cassette");
        Objects.requireNonNull(basePath, "basePath");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(expected, "expected");
    }

    /**
     * What the answer must hold.
     *
     * @param text         the assistant's whole text
     * @param toolCalls    the tool calls, in order
     * @param usage        the tokens the provider reported
     * @param finishReason the finish reason, in Chat Completions' words ({@code stop}, {@code tool_calls}, ...)
     */
    public record Expected(String text, List<ToolCall> toolCalls, Usage usage, String finishReason) {

        public Expected {
            Objects.requireNonNull(text, "text");
            toolCalls = List.copyOf(toolCalls);
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(finishReason, "finishReason");
        }

        /** A text answer that stopped by itself. */
        public static Expected text(String text, Usage usage) {
            return new Expected(text, List.of(), usage, "stop");
        }

        /** An answer that only calls tools. */
        public static Expected toolCalls(List<ToolCall> toolCalls, Usage usage) {
            return new Expected("", toolCalls, usage, "tool_calls");
        }
    }
}
