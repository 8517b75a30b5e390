package dev.cairn.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes responses and their items in the Responses API's shapes: the fields OpenAI's response
 * objects carry, with the values Cairn knows and OpenAI's defaults for sampling settings Cairn
 * leaves to the route.
 */
final class ResponseWire {

    private ResponseWire() {
    }

    /**
     * What a response shows.
     *
     * @param completedAt null while it runs
     * @param error       null unless it failed
     * @param conversationId the conversation it belongs to, or null
     */
    record Snapshot(String id, Instant createdAt, Instant completedAt, String status, ObjectNode error, String model,
                    String instructions, List<FunctionTool> tools, List<ObjectNode> output, Usage usage,
                    String previousResponseId, String conversationId, boolean store) {
        Snapshot {
            tools = List.copyOf(tools);
            output = List.copyOf(output);
        }
    }

    static ObjectNode response(Snapshot snapshot) {
        ObjectNode response = Json.object();
        response.put("id", snapshot.id());
        response.put("object", "response");
        response.put("created_at", snapshot.createdAt().getEpochSecond());
        if (snapshot.completedAt() == null) {
            response.putNull("completed_at");
        } else {
            response.put("completed_at", snapshot.completedAt().getEpochSecond());
        }
        response.put("status", snapshot.status());
        response.put("background", false);
        response.set("error", snapshot.error());
        response.putNull("incomplete_details");
        response.put("instructions", snapshot.instructions() == null || snapshot.instructions().isEmpty() ? null
                : snapshot.instructions());
        response.putNull("max_output_tokens");
        response.putNull("max_tool_calls");
        response.putObject("metadata");
        response.put("model", snapshot.model());
        ArrayNode output = response.putArray("output");
        snapshot.output().forEach(output::add);
        response.put("output_text", outputText(snapshot.output()));
        response.put("parallel_tool_calls", true);
        response.put("previous_response_id", snapshot.previousResponseId());
        if (snapshot.conversationId() != null) {
            response.putObject("conversation").put("id", snapshot.conversationId());
        }
        response.putNull("prompt_cache_key");
        ObjectNode reasoning = response.putObject("reasoning");
        reasoning.putNull("effort");
        reasoning.putNull("summary");
        response.putNull("safety_identifier");
        response.put("service_tier", "default");
        response.put("store", snapshot.store());
        response.put("temperature", 1.0);
        response.put("frequency_penalty", 0.0);
        response.put("presence_penalty", 0.0);
        ObjectNode text = response.putObject("text");
        text.putObject("format").put("type", "text");
        text.put("verbosity", "medium");
        response.put("tool_choice", "auto");
        ArrayNode tools = response.putArray("tools");
        snapshot.tools().forEach(tool -> tools.add(tool.asResponsesTool()));
        response.put("top_logprobs", 0);
        response.put("top_p", 1.0);
        response.put("truncation", "disabled");
        if (snapshot.usage() == null) {
            response.putNull("usage");
        } else {
            response.set("usage", usage(snapshot.usage()));
        }
        response.putNull("user");
        return response;
    }

    static ObjectNode usage(Usage usage) {
        ObjectNode node = Json.object();
        node.put("input_tokens", usage.inputTokens());
        node.putObject("input_tokens_details").put("cached_tokens", 0);
        node.put("output_tokens", usage.outputTokens());
        node.putObject("output_tokens_details").put("reasoning_tokens", 0);
        node.put("total_tokens", usage.totalTokens());
        return node;
    }

    /** The output items a run's events show: what its model wrote, and the function calls it made. */
    static List<ObjectNode> outputItems(String runId, List<Event> events) {
        List<ObjectNode> items = new ArrayList<>();
        for (Event event : events) {
            switch (event.payload()) {
                case EventPayload.ModelResponded responded when !responded.text().isBlank() ->
                        items.add(assistantMessage(OpenAiIds.message(runId, responded.step()), responded.text(), "completed"));
                case EventPayload.ToolClientRequested call ->
                        items.add(functionCall(runId, call.callId(), call.tool(), call.arguments(), "completed"));
                default -> {
                }
            }
        }
        return items;
    }

    /** The tokens the model calls among {@code events} used. */
    static Usage usage(List<Event> events) {
        Usage total = Usage.ZERO;
        for (Event event : events) {
            switch (event.payload()) {
                case EventPayload.ModelResponded responded -> total = total.plus(responded.usage());
                case EventPayload.ContextCompacted compacted when compacted.usage() != null ->
                        total = total.plus(compacted.usage());
                default -> {
                }
            }
        }
        return total;
    }

    static ObjectNode assistantMessage(String id, String text, String status) {
        ObjectNode item = Json.object();
        item.put("id", id);
        item.put("type", "message");
        item.put("status", status);
        item.put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Json.object();
        part.put("type", "output_text");
        part.put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode functionCall(String runId, String callId, String name, String arguments, String status) {
        ObjectNode item = Json.object();
        item.put("id", OpenAiIds.functionCall(runId, callId));
        item.put("type", "function_call");
        item.put("status", status);
        item.put("call_id", callId);
        item.put("name", name);
        item.put("arguments", arguments);
        return item;
    }

    static ObjectNode userMessage(String id, String text) {
        ObjectNode item = Json.object();
        item.put("id", id);
        item.put("type", "message");
        item.put("status", "completed");
        item.put("role", "user");
        ObjectNode part = item.putArray("content").addObject();
        part.put("type", "input_text");
        part.put("text", text);
        return item;
    }

    static ObjectNode functionOutput(String runId, String callId, String output) {
        ObjectNode item = Json.object();
        item.put("id", OpenAiIds.functionOutput(runId, callId));
        item.put("type", "function_call_output");
        item.put("status", "completed");
        item.put("call_id", callId);
        item.put("output", output);
        return item;
    }

    static ObjectNode error(String code, String message) {
        ObjectNode error = Json.object();
        error.put("code", code);
        error.put("message", message);
        return error;
    }

    private static String outputText(List<ObjectNode> output) {
        StringBuilder text = new StringBuilder();
        for (ObjectNode item : output) {
            if (item.path("type").asText().equals("message")) {
                item.path("content").forEach(part -> text.append(part.path("text").asText("")));
            }
        }
        return text.toString();
    }
}
