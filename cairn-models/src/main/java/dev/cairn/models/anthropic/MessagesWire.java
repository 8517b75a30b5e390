package dev.cairn.models.anthropic;

import com.anthropic.core.JsonField;
import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.ToolUnion;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Translates Cairn's neutral transcript into a Messages API request: System messages become
 * the top-level {@code system}; an Assistant's text and calls become {@code text} and
 * {@code tool_use} blocks; consecutive tool results become {@code tool_result} blocks of one
 * user message, as the API requires.
 */
final class MessagesWire {

    private MessagesWire() {
    }

    /**
     * @throws InvalidRequestException when a tool's schema is not a JSON object or a call's arguments are not one
     */
    static MessageCreateParams params(ChatRequest request, int defaultMaxOutputTokens) {
        MessageCreateParams.Builder params = MessageCreateParams.builder()
                .model(request.model())
                .maxTokens(request.maxOutputTokens() > 0 ? request.maxOutputTokens() : defaultMaxOutputTokens)
                .messages(MessagesWire.<List<com.anthropic.models.messages.MessageParam>>raw(messages(request.messages())));
        String system = system(request.messages());
        if (!system.isEmpty()) {
            params.system(system);
        }
        if (!request.tools().isEmpty()) {
            params.tools(MessagesWire.<List<ToolUnion>>raw(tools(request.tools())));
        }
        return params.build();
    }

    /**
     * The SDK's typed fields accept any JSON value; the transcript is built as JSON here so that
     * its shape is exactly what this class says, whatever the SDK's typed builders add.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> JsonField<T> raw(JsonNode node) {
        return (JsonField) JsonValue.fromJsonNode(node);
    }


    private static String system(List<Message> messages) {
        List<String> parts = new ArrayList<>();
        for (Message message : messages) {
            if (message instanceof Message.System system && !system.text().isEmpty()) {
                parts.add(system.text());
            }
        }
        return String.join("\n\n", parts);
    }

    private static ArrayNode messages(List<Message> transcript) {
        ArrayNode messages = Json.mapper().createArrayNode();
        ArrayNode pendingResults = null;
        for (Message message : transcript) {
            if (!(message instanceof Message.ToolResult)) {
                pendingResults = null;
            }
            switch (message) {
                case Message.System ignored -> { }
                case Message.User user -> {
                    // The API refuses empty text blocks: an empty message says nothing, so it is left out.
                    if (!user.text().isEmpty()) {
                        content(messages, "user").add(textBlock(user.text()));
                    }
                }
                case Message.Assistant assistant -> {
                    if (!assistant.text().isEmpty() || !assistant.toolCalls().isEmpty()) {
                        assistant(content(messages, "assistant"), assistant);
                    }
                }
                case Message.ToolResult result -> {
                    if (pendingResults == null) {
                        pendingResults = content(messages, "user");
                    }
                    pendingResults.addObject().put("type", "tool_result").put("tool_use_id", result.callId())
                            .put("content", result.content()).put("is_error", result.error());
                }
            }
        }
        return messages;
    }

    private static ArrayNode content(ArrayNode messages, String role) {
        ObjectNode message = messages.addObject();
        ArrayNode content = message.putArray("content");
        message.put("role", role);
        return content;
    }

    private static ObjectNode textBlock(String text) {
        return Json.object().put("type", "text").put("text", text);
    }

    private static void assistant(ArrayNode content, Message.Assistant assistant) {
        // The API refuses empty text blocks; an answer that only called tools has none.
        if (!assistant.text().isEmpty()) {
            content.add(textBlock(assistant.text()));
        }
        for (ToolCall call : assistant.toolCalls()) {
            ObjectNode block = content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name());
            block.set("input", arguments(call));
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

    private static ArrayNode tools(List<ToolDefinition> definitions) {
        ArrayNode tools = Json.mapper().createArrayNode();
        for (ToolDefinition definition : definitions) {
            if (!definition.inputSchema().isObject()) {
                throw new InvalidRequestException("tool '" + definition.name()
                        + "' has an input schema that is not a JSON object: " + definition.inputSchema().getNodeType());
            }
            ObjectNode tool = tools.addObject().put("name", definition.name());
            if (!definition.description().isEmpty()) {
                tool.put("description", definition.description());
            }
            tool.set("input_schema", definition.inputSchema());
        }
        return tools;
    }
}
