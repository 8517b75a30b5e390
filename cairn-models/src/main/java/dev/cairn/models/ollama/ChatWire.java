package dev.cairn.models.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.model.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * Ollama's native {@code /api/chat} in both directions. A request carries the transcript as
 * {@code messages} (tool results as {@code tool} messages naming their tool in
 * {@code tool_name}), the tools as {@code function} tools, and the output limit as
 * {@code options.num_predict}. An answer's (or a stream chunk's) {@code message} holds text in
 * {@code content} and calls in {@code tool_calls}, whose {@code arguments} are a JSON object;
 * the last object carries {@code done_reason}, {@code prompt_eval_count} and {@code eval_count}.
 */
final class ChatWire {

    private ChatWire() {
    }

    /**
     * @throws InvalidRequestException when a tool's schema is not a JSON object or a call's arguments are not one
     */
    static ObjectNode body(ChatRequest request, boolean stream) {
        ObjectNode body = Json.object().put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        for (Message message : request.messages()) {
            switch (message) {
                case Message.System system -> messages.addObject().put("role", "system").put("content", system.text());
                case Message.User user -> messages.addObject().put("role", "user").put("content", user.text());
                case Message.Assistant assistant -> assistant(messages.addObject(), assistant);
                case Message.ToolResult result -> messages.addObject().put("role", "tool")
                        .put("content", result.content()).put("tool_name", result.toolName());
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            request.tools().forEach(tool -> tools.add(tool(tool)));
        }
        if (request.maxOutputTokens() > 0) {
            body.putObject("options").put("num_predict", request.maxOutputTokens());
        }
        body.put("stream", stream);
        return body;
    }

    private static void assistant(ObjectNode message, Message.Assistant assistant) {
        message.put("role", "assistant").put("content", assistant.text());
        if (!assistant.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (ToolCall call : assistant.toolCalls()) {
                ObjectNode function = calls.addObject().putObject("function").put("name", call.name());
                function.set("arguments", arguments(call));
            }
        }
    }

    private static JsonNode arguments(ToolCall call) {
        try {
            JsonNode input = Json.parse(call.arguments());
            if (input.isObject()) {
                return input;
            }
        } catch (JsonProcessingException notJson) {
            // reported below
        }
        throw new InvalidRequestException("tool call '" + call.id() + "' to '" + call.name()
                + "' has arguments that are not a JSON object");
    }

    private static ObjectNode tool(ToolDefinition definition) {
        if (!definition.inputSchema().isObject()) {
            throw new InvalidRequestException("tool '" + definition.name()
                    + "' has an input schema that is not a JSON object: " + definition.inputSchema().getNodeType());
        }
        ObjectNode tool = Json.object().put("type", "function");
        ObjectNode function = tool.putObject("function").put("name", definition.name());
        if (!definition.description().isEmpty()) {
            function.put("description", definition.description());
        }
        function.set("parameters", definition.inputSchema());
        return tool;
    }

    /**
     * The tool calls of one answer or chunk. Ollama gives a call an {@code id} only in recent
     * versions; a call without one is named by its place in the answer ({@code call_0}, ...),
     * which is unique within the step, where Cairn needs it to be.
     */
    static List<ToolCall> toolCalls(JsonNode message, int firstIndex) {
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            String id = call.path("id").asText("");
            JsonNode arguments = function.path("arguments");
            calls.add(new ToolCall(id.isEmpty() ? "call_" + (firstIndex + calls.size()) : id, function.path("name").asText(),
                    arguments.isObject() ? Json.write(arguments) : arguments.isTextual() ? arguments.asText() : "{}"));
        }
        return calls;
    }

    static Usage usage(JsonNode answer) {
        return new Usage(Math.max(0, answer.path("prompt_eval_count").asLong(0)), Math.max(0, answer.path("eval_count").asLong(0)));
    }

    /** Ollama's {@code done_reason} in Cairn's words; an answer that calls tools finishes with {@code tool_calls}. */
    static String finishReason(JsonNode answer, boolean calledTools) {
        String reason = answer.path("done_reason").asText("stop");
        if (calledTools && reason.equals("stop")) {
            return "tool_calls";
        }
        return reason;
    }
}
