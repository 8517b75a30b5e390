package dev.cairn.models.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * Translates Cairn's neutral transcript into a Converse request: System messages become the
 * top-level {@code system} blocks; an Assistant's text and calls become {@code text} and
 * {@code toolUse} blocks; tool results become {@code toolResult} blocks of a user message; and
 * consecutive messages of one role are joined, because Converse requires the roles to alternate.
 * Empty text is left out: Converse refuses blank text blocks.
 */
final class ConverseWire {

    private ConverseWire() {
    }

    /**
     * @throws InvalidRequestException when a tool's schema is not a JSON object or a call's arguments are not one
     */
    static ConverseRequest converse(ChatRequest request) {
        ConverseRequest.Builder converse = ConverseRequest.builder().modelId(request.model())
                .messages(messages(request.messages()));
        List<SystemContentBlock> system = system(request.messages());
        if (!system.isEmpty()) {
            converse.system(system);
        }
        if (!request.tools().isEmpty()) {
            converse.toolConfig(tools(request.tools()));
        }
        if (request.maxOutputTokens() > 0) {
            converse.inferenceConfig(InferenceConfiguration.builder().maxTokens(request.maxOutputTokens()).build());
        }
        return converse.build();
    }

    /** The same request for ConverseStream. */
    static ConverseStreamRequest converseStream(ChatRequest request) {
        ConverseRequest converse = converse(request);
        ConverseStreamRequest.Builder stream = ConverseStreamRequest.builder().modelId(converse.modelId())
                .messages(converse.messages()).inferenceConfig(converse.inferenceConfig()).toolConfig(converse.toolConfig());
        if (converse.hasSystem()) {
            stream.system(converse.system());
        }
        return stream.build();
    }

    private static List<SystemContentBlock> system(List<Message> messages) {
        List<SystemContentBlock> blocks = new ArrayList<>();
        for (Message message : messages) {
            if (message instanceof Message.System system && !system.text().isEmpty()) {
                blocks.add(SystemContentBlock.fromText(system.text()));
            }
        }
        return blocks;
    }

    private static List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages(List<Message> transcript) {
        List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages = new ArrayList<>();
        ConversationRole role = null;
        List<ContentBlock> content = new ArrayList<>();
        for (Message message : transcript) {
            ConversationRole next = message instanceof Message.Assistant ? ConversationRole.ASSISTANT : ConversationRole.USER;
            List<ContentBlock> blocks = blocks(message);
            if (blocks.isEmpty()) {
                continue;
            }
            if (next != role && !content.isEmpty()) {
                messages.add(message(role, content));
                content = new ArrayList<>();
            }
            role = next;
            content.addAll(blocks);
        }
        if (!content.isEmpty()) {
            messages.add(message(role, content));
        }
        return messages;
    }

    private static software.amazon.awssdk.services.bedrockruntime.model.Message message(ConversationRole role, List<ContentBlock> content) {
        return software.amazon.awssdk.services.bedrockruntime.model.Message.builder().role(role).content(content).build();
    }

    private static List<ContentBlock> blocks(Message message) {
        List<ContentBlock> blocks = new ArrayList<>();
        switch (message) {
            case Message.System ignored -> { }
            case Message.User user -> {
                if (!user.text().isEmpty()) {
                    blocks.add(ContentBlock.fromText(user.text()));
                }
            }
            case Message.Assistant assistant -> {
                if (!assistant.text().isEmpty()) {
                    blocks.add(ContentBlock.fromText(assistant.text()));
                }
                for (ToolCall call : assistant.toolCalls()) {
                    blocks.add(ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId(call.id()).name(call.name())
                            .input(Documents.fromJson(arguments(call))).build()));
                }
            }
            case Message.ToolResult result -> blocks.add(ContentBlock.fromToolResult(ToolResultBlock.builder()
                    .toolUseId(result.callId())
                    .content(ToolResultContentBlock.fromText(result.content().isEmpty() ? "(no output)" : result.content()))
                    .status(result.error() ? ToolResultStatus.ERROR : ToolResultStatus.SUCCESS)
                    .build()));
        }
        return blocks;
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

    private static ToolConfiguration tools(List<ToolDefinition> definitions) {
        List<Tool> tools = new ArrayList<>();
        for (ToolDefinition definition : definitions) {
            if (!definition.inputSchema().isObject()) {
                throw new InvalidRequestException("tool '" + definition.name()
                        + "' has an input schema that is not a JSON object: " + definition.inputSchema().getNodeType());
            }
            ToolSpecification.Builder spec = ToolSpecification.builder().name(definition.name())
                    .inputSchema(ToolInputSchema.fromJson(Documents.fromJson(definition.inputSchema())));
            if (!definition.description().isEmpty()) {
                spec.description(definition.description());
            }
            tools.add(Tool.fromToolSpec(spec.build()));
        }
        return ToolConfiguration.builder().tools(tools).build();
    }
}
