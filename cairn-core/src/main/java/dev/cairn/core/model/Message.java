package dev.cairn.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a provider-neutral transcript. Every provider client translates these to and
 * from its own wire format, so a session can move between providers without losing anything.
 */
public sealed interface Message {

    /** Instructions for the model (system or developer prompt). */
    record System(String text) implements Message {
        public System {
            Objects.requireNonNull(text, "text");
        }
    }

    /** What the user said. */
    record User(String text) implements Message {
        public User {
            Objects.requireNonNull(text, "text");
        }
    }

    /** What the model answered: text, tool calls, or both. */
    record Assistant(String text, List<ToolCall> toolCalls) implements Message {
        public Assistant {
            text = text == null ? "" : text;
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }

        public static Assistant text(String text) {
            return new Assistant(text, List.of());
        }
    }

    /** The result of one tool call, answering the assistant's call with the same id. */
    record ToolResult(String callId, String toolName, String content, boolean error) implements Message {
        public ToolResult {
            Objects.requireNonNull(callId, "callId");
            Objects.requireNonNull(toolName, "toolName");
            content = content == null ? "" : content;
        }
    }
}
