package dev.cairn.core.model;

import java.util.Objects;

/**
 * A model's answer to one {@link ChatRequest}.
 *
 * @param message      the assistant message (text and/or tool calls)
 * @param usage        tokens used
 * @param finishReason why the model stopped ({@code stop}, {@code tool_calls}, {@code length}, ...)
 * @param model        the model that answered, as the provider names it
 */
public record ChatResponse(Message.Assistant message, Usage usage, String finishReason, String model) {

    public ChatResponse {
        Objects.requireNonNull(message, "message");
        usage = usage == null ? Usage.ZERO : usage;
        finishReason = finishReason == null ? "" : finishReason;
        model = model == null ? "" : model;
    }
}
