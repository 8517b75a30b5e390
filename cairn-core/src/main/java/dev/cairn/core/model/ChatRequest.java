package dev.cairn.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One stateless call to a model: everything the model needs is in here.
 *
 * @param model           the provider's model name
 * @param messages        the transcript, instructions first
 * @param tools           the tools the model may call (may be empty)
 * @param maxOutputTokens the most tokens the model may write, or 0 for the provider's default
 * @param purpose         what the call is for; providers send every purpose the same way, and the
 *                        {@link ScriptedProvider} answers each its own way
 */
public record ChatRequest(String model, List<Message> messages, List<ToolDefinition> tools, int maxOutputTokens,
                          Purpose purpose) {

    /** Why the runtime calls a model. */
    public enum Purpose {
        /** A step of the agent loop: the model answers the conversation. */
        ANSWER,
        /** The model summarizes earlier conversation that no longer fits in context. */
        SUMMARY,
        /** The model extracts long-term memories from a finished run's conversation. */
        EXTRACTION
    }

    /** A step of the agent loop. */
    public ChatRequest(String model, List<Message> messages, List<ToolDefinition> tools, int maxOutputTokens) {
        this(model, messages, tools, maxOutputTokens, Purpose.ANSWER);
    }

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(purpose, "purpose");
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (maxOutputTokens < 0) {
            throw new IllegalArgumentException("maxOutputTokens cannot be negative: " + maxOutputTokens);
        }
    }

    /** The text of the latest user message, or an empty string when there is none. */
    public String latestUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof Message.User user) {
                return user.text();
            }
        }
        return "";
    }
}
