package dev.cairn.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code POST /responses} body, checked. Fields Cairn cannot honour (sampling settings, built-in
 * tools, background mode, reasoning, structured output) are refused with a 400 naming them, never
 * silently dropped; fields that are only hints to OpenAI's own service are taken and ignored.
 *
 * @param instructions null when the request gave none
 * @param tools        null when the request gave none
 */
record ResponseRequest(String model, List<InputItems.Item> input, String instructions, List<FunctionTool> tools,
                       String previousResponseId, String conversation, boolean store, boolean stream, String user) {

    private static final Set<String> KNOWN = Set.of("model", "input", "instructions", "tools", "tool_choice",
            "parallel_tool_calls", "previous_response_id", "conversation", "store", "stream", "stream_options",
            "user", "safety_identifier", "prompt_cache_key", "service_tier", "background", "metadata", "include",
            "text", "truncation", "temperature", "top_p", "max_output_tokens", "max_tool_calls", "reasoning",
            "top_logprobs", "prompt");
    /** Fields refused unless they hold the value that changes nothing. */
    private static final Map<String, String> ONLY_DEFAULT = Map.of(
            "temperature", "sampling is the route's",
            "top_p", "sampling is the route's",
            "max_output_tokens", "the route sets the output limit",
            "max_tool_calls", "the agent's limits.max_steps bounds tool calls",
            "reasoning", "reasoning settings are not supported",
            "top_logprobs", "log probabilities are not supported",
            "prompt", "stored prompts are not supported");

    ResponseRequest {
        input = List.copyOf(input);
        tools = tools == null ? null : List.copyOf(tools);
    }

    static ResponseRequest parse(ObjectNode body) {
        body.fieldNames().forEachRemaining(field -> {
            if (!KNOWN.contains(field)) {
                throw OpenAiError.invalid("Unrecognized request argument supplied: " + field, field);
            }
        });
        ONLY_DEFAULT.forEach((field, why) -> {
            if (body.hasNonNull(field)) {
                throw OpenAiError.unsupported("'" + field + "' is not supported: " + why, field);
            }
        });
        if (body.path("background").asBoolean(false)) {
            throw OpenAiError.unsupported("background mode is not supported: every Cairn response is kept and can "
                    + "be read with GET /responses/{id} while it runs", "background");
        }
        checkToolChoice(body.get("tool_choice"));
        checkText(body.get("text"));
        if (body.path("metadata").isObject() && !body.get("metadata").isEmpty()) {
            throw OpenAiError.unsupported("'metadata' is not kept on responses; give it to the conversation", "metadata");
        }
        if (body.path("include").isArray() && !body.get("include").isEmpty()) {
            throw OpenAiError.unsupported("'include' is not supported", "include");
        }
        String model = text(body, "model");
        if (model == null || model.isBlank()) {
            throw OpenAiError.invalid("Missing required parameter: 'model'.", "model");
        }
        List<InputItems.Item> input = InputItems.parse(body.get("input"), "input");
        if (input.isEmpty()) {
            throw OpenAiError.invalid("'input' is required: a string or a non-empty list of items", "input");
        }
        String previous = text(body, "previous_response_id");
        String conversation = conversation(body.get("conversation"));
        if (previous != null && conversation != null) {
            throw OpenAiError.invalid("Mutually exclusive parameters: 'previous_response_id' and 'conversation'; "
                    + "give one of them", "previous_response_id");
        }
        return new ResponseRequest(model, input, text(body, "instructions"), FunctionTool.parse(body.get("tools")),
                previous, conversation, bool(body, "store", true), bool(body, "stream", false), text(body, "user"));
    }

    /** True when nothing is to be kept: stateless pass-through. */
    boolean stateless() {
        return !store && previousResponseId == null && conversation == null;
    }

    private static void checkToolChoice(JsonNode choice) {
        if (choice != null && !choice.isNull() && !(choice.isTextual() && choice.asText().equals("auto"))) {
            throw OpenAiError.unsupported("'tool_choice' may only be 'auto': the model decides which tools to call",
                    "tool_choice");
        }
    }

    private static void checkText(JsonNode text) {
        if (text == null || text.isNull()) {
            return;
        }
        String format = text.path("format").path("type").asText("text");
        if (!format.equals("text")) {
            throw OpenAiError.unsupported("'text.format' '" + format + "' is not supported: responses are plain text",
                    "text.format");
        }
    }

    private static String conversation(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isObject() && node.path("id").isTextual()) {
            return node.get("id").asText();
        }
        throw OpenAiError.invalid("'conversation' must be a conversation id or {\"id\": ...}", "conversation");
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw OpenAiError.invalid("'" + field + "' must be a string", field);
        }
        return value.asText();
    }

    static boolean bool(JsonNode body, String field, boolean fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw OpenAiError.invalid("'" + field + "' must be a boolean", field);
        }
        return value.asBoolean();
    }
}
