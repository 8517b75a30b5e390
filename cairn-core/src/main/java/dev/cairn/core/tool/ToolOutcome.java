package dev.cairn.core.tool;

import dev.cairn.core.event.EventPayload;
import java.util.List;
import java.util.Objects;

/**
 * What a tool call produced: a result for the model, or an error for the model, plus any events
 * the call caused (a memory write), recorded with the result in one append.
 */
public sealed interface ToolOutcome {

    List<EventPayload> effects();

    record Success(String output, List<EventPayload> effects) implements ToolOutcome {
        public Success {
            Objects.requireNonNull(output, "output");
            effects = effects == null ? List.of() : List.copyOf(effects);
        }
    }

    record Failure(String error, List<EventPayload> effects) implements ToolOutcome {
        public Failure {
            Objects.requireNonNull(error, "error");
            effects = effects == null ? List.of() : List.copyOf(effects);
        }
    }

    static ToolOutcome success(String output) {
        return new Success(output, List.of());
    }

    static ToolOutcome failure(String error) {
        return new Failure(error, List.of());
    }
}
