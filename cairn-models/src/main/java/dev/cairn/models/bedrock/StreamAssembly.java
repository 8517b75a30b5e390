package dev.cairn.models.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/**
 * Puts a ConverseStream answer back together from its events: text in order, each tool call's
 * id and name from its {@code contentBlockStart} and its input from the {@code toolUse} deltas
 * of the same block, the stop reason from {@code messageStop} and the usage from
 * {@code metadata}. Reasoning deltas are not kept. Not thread-safe: one call's events, in order.
 */
final class StreamAssembly {

    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, PendingCall> calls = new TreeMap<>();
    private StopReason stopReason;
    private Usage usage;

    /** Takes one event; returns the text it adds, or an empty string. */
    String accept(ConverseStreamOutput event) {
        switch (event) {
            case ContentBlockStartEvent start when start.start() != null && start.start().toolUse() != null ->
                    calls.put(start.contentBlockIndex(), new PendingCall(start.start().toolUse().toolUseId(), start.start().toolUse().name()));
            case ContentBlockDeltaEvent delta when delta.delta() != null -> {
                if (delta.delta().text() != null) {
                    text.append(delta.delta().text());
                    return delta.delta().text();
                }
                if (delta.delta().toolUse() != null && delta.delta().toolUse().input() != null) {
                    PendingCall call = calls.get(delta.contentBlockIndex());
                    if (call != null) {
                        call.input.append(delta.delta().toolUse().input());
                    }
                }
            }
            case MessageStopEvent stop -> stopReason = stop.stopReason();
            case ConverseStreamMetadataEvent metadata when metadata.usage() != null -> usage = new Usage(
                    orZero(metadata.usage().inputTokens()), orZero(metadata.usage().outputTokens()));
            default -> { }
        }
        return "";
    }

    /** Whether the stream said how it stopped: a stream that did not was cut short. */
    boolean complete() {
        return stopReason != null;
    }

    String text() {
        return text.toString();
    }

    List<ToolCall> toolCalls() {
        List<ToolCall> toolCalls = new ArrayList<>();
        calls.values().forEach(call -> toolCalls.add(new ToolCall(call.id, call.name, arguments(call.input.toString()))));
        return toolCalls;
    }

    StopReason stopReason() {
        return stopReason;
    }

    Usage usage() {
        return usage == null ? Usage.ZERO : usage;
    }

    /** The streamed input, written as Converse's non-streamed input is; as sent when it is not JSON. */
    private static String arguments(String input) {
        if (input.isBlank()) {
            return "{}";
        }
        try {
            return Json.write(Json.parse(input));
        } catch (JsonProcessingException notJson) {
            return input;
        }
    }

    private static long orZero(Integer tokens) {
        return tokens == null ? 0 : tokens;
    }

    private static final class PendingCall {
        private final String id;
        private final String name;
        private final StringBuilder input = new StringBuilder();

        private PendingCall(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }
}
