package dev.cairn.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.route.Route;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.sse.SseSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /chat/completions}: stateless pass-through in the Chat Completions shape, text and
 * function tools, whole or streamed as {@code chat.completion.chunk}s ending with {@code [DONE]}.
 */
final class ChatCompletions {

    private static final Set<String> KNOWN = Set.of("model", "messages", "tools", "tool_choice", "parallel_tool_calls",
            "stream", "stream_options", "user", "safety_identifier", "prompt_cache_key", "service_tier", "store",
            "metadata", "temperature", "top_p", "max_tokens", "max_completion_tokens", "n", "stop", "seed",
            "response_format", "logprobs", "top_logprobs", "frequency_penalty", "presence_penalty");
    private static final Set<String> UNSUPPORTED = Set.of("temperature", "top_p", "max_tokens", "max_completion_tokens",
            "stop", "seed", "response_format", "logprobs", "top_logprobs", "frequency_penalty", "presence_penalty");

    private final PassThrough passThrough;
    private final Clock clock;

    ChatCompletions(PassThrough passThrough, Clock clock) {
        this.passThrough = passThrough;
        this.clock = clock;
    }

    /** A checked request. */
    private record Request(String model, List<Message> messages, List<ToolDefinition> tools, boolean stream,
                           boolean includeUsage, String user) {
    }

    void handle(Exchange exchange) {
        Request request = parse(exchange.jsonBody());
        Route route = passThrough.admit(exchange.tenantId(), request.user(), request.model());
        String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
        long created = clock.instant().getEpochSecond();
        if (!request.stream()) {
            ChatResponse answer = passThrough.call(exchange.tenantId(), request.user(), route, request.messages(),
                    request.tools(), delta -> { });
            exchange.reply(200, completion(id, created, request.model(), answer));
            return;
        }
        SseSink sink = exchange.response().sink(SseSink.TYPE);
        try {
            stream(sink, exchange.tenantId(), route, request, id, created);
        } finally {
            sink.close();
        }
    }

    private static Request parse(ObjectNode body) {
        body.fieldNames().forEachRemaining(field -> {
            if (!KNOWN.contains(field)) {
                throw OpenAiError.invalid("Unrecognized request argument supplied: " + field, field);
            }
            if (UNSUPPORTED.contains(field) && !body.get(field).isNull()) {
                throw OpenAiError.unsupported("'" + field + "' is not supported: the route decides how its models "
                        + "sample and how long they write", field);
            }
        });
        if (body.hasNonNull("n") && body.get("n").asInt() != 1) {
            throw OpenAiError.unsupported("'n' may only be 1", "n");
        }
        if (body.hasNonNull("tool_choice") && !"auto".equals(body.get("tool_choice").asText())) {
            throw OpenAiError.unsupported("'tool_choice' may only be 'auto'", "tool_choice");
        }
        String model = ResponseRequest.text(body, "model");
        if (model == null || model.isBlank()) {
            throw OpenAiError.invalid("Missing required parameter: 'model'.", "model");
        }
        return new Request(model, messages(body.get("messages")), tools(body.get("tools")),
                ResponseRequest.bool(body, "stream", false),
                body.path("stream_options").path("include_usage").asBoolean(false), ResponseRequest.text(body, "user"));
    }

    /** Chunks as the model writes, then any tool calls, the finish reason, the usage when asked, and {@code [DONE]}. */
    private void stream(SseSink sink, String tenantId, Route route, Request request, String id, long created) {
        String model = request.model();
        emit(sink, chunk(id, created, model, Json.object().put("role", "assistant").put("content", ""), null));
        ChatResponse answer;
        try {
            answer = passThrough.call(tenantId, request.user(), route, request.messages(), request.tools(),
                    delta -> emit(sink, chunk(id, created, model, Json.object().put("content", delta), null)));
        } catch (CairnException failure) {
            // the status is sent already: the failure goes into the stream, as OpenAI sends it
            sink.emit(SseEvent.builder().data(Json.write(OpenAiErrors.of(failure).body())).build());
            return;
        }
        if (!answer.message().toolCalls().isEmpty()) {
            ObjectNode delta = Json.object();
            delta.set("tool_calls", toolCalls(answer.message().toolCalls(), true));
            emit(sink, chunk(id, created, model, delta, null));
        }
        emit(sink, chunk(id, created, model, Json.object(), finishReason(answer)));
        if (request.includeUsage()) {
            ObjectNode usage = chunk(id, created, model, null, null);
            usage.set("usage", usage(answer));
            emit(sink, usage);
        }
        sink.emit(SseEvent.builder().data("[DONE]").build());
    }

    private static void emit(SseSink sink, ObjectNode chunk) {
        sink.emit(SseEvent.builder().data(Json.write(chunk)).build());
    }

    private static ObjectNode completion(String id, long created, String model, ChatResponse answer) {
        ObjectNode completion = Json.object();
        completion.put("id", id);
        completion.put("object", "chat.completion");
        completion.put("created", created);
        completion.put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", answer.message().text().isEmpty() && !answer.message().toolCalls().isEmpty() ? null
                : answer.message().text());
        message.putNull("refusal");
        if (!answer.message().toolCalls().isEmpty()) {
            message.set("tool_calls", toolCalls(answer.message().toolCalls(), false));
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(answer));
        completion.set("usage", usage(answer));
        return completion;
    }

    private static ObjectNode chunk(String id, long created, String model, ObjectNode delta, String finishReason) {
        ObjectNode chunk = Json.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        ArrayNode choices = chunk.putArray("choices");
        if (delta != null) {
            ObjectNode choice = choices.addObject();
            choice.put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private static ArrayNode toolCalls(List<ToolCall> calls, boolean indexed) {
        ArrayNode list = Json.mapper().createArrayNode();
        for (int i = 0; i < calls.size(); i++) {
            ObjectNode call = list.addObject();
            if (indexed) {
                call.put("index", i);
            }
            call.put("id", calls.get(i).id());
            call.put("type", "function");
            ObjectNode function = call.putObject("function");
            function.put("name", calls.get(i).name());
            function.put("arguments", calls.get(i).arguments());
        }
        return list;
    }

    private static String finishReason(ChatResponse answer) {
        return answer.message().toolCalls().isEmpty() ? "stop" : "tool_calls";
    }

    private static ObjectNode usage(ChatResponse answer) {
        ObjectNode usage = Json.object();
        usage.put("prompt_tokens", answer.usage().inputTokens());
        usage.put("completion_tokens", answer.usage().outputTokens());
        usage.put("total_tokens", answer.usage().totalTokens());
        return usage;
    }

    private static List<Message> messages(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw OpenAiError.invalid("'messages' is required: a non-empty list", "messages");
        }
        List<Message> messages = new ArrayList<>();
        Map<String, String> callNames = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String where = "messages[" + i + "]";
            JsonNode message = node.get(i);
            String role = message.path("role").asText("");
            String text = content(message.get("content"), where + ".content");
            switch (role) {
                case "system", "developer" -> messages.add(new Message.System(text));
                case "user" -> messages.add(new Message.User(text));
                case "assistant" -> {
                    List<ToolCall> calls = new ArrayList<>();
                    for (JsonNode call : message.path("tool_calls")) {
                        ToolCall parsed = new ToolCall(call.path("id").asText(), call.path("function").path("name").asText(),
                                call.path("function").path("arguments").asText("{}"));
                        callNames.put(parsed.id(), parsed.name());
                        calls.add(parsed);
                    }
                    messages.add(new Message.Assistant(text, calls));
                }
                case "tool" -> {
                    String callId = message.path("tool_call_id").asText("");
                    if (!callNames.containsKey(callId)) {
                        throw OpenAiError.invalid("'" + where + ".tool_call_id' '" + callId + "' answers no tool call of "
                                + "an earlier assistant message", where + ".tool_call_id");
                    }
                    messages.add(new Message.ToolResult(callId, callNames.get(callId), text, false));
                }
                default -> throw OpenAiError.invalid("'" + where + ".role' must be system, developer, user, assistant "
                        + "or tool, got '" + role + "'", where + ".role");
            }
        }
        return messages;
    }

    private static String content(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw OpenAiError.invalid("'" + where + "' must be a string or a list of text parts", where);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asText())) {
                throw OpenAiError.unsupported("'" + where + "' has a '" + part.path("type").asText()
                        + "' part: only text parts are supported", where);
            }
            text.append(part.path("text").asText());
        }
        return text.toString();
    }

    private static List<ToolDefinition> tools(JsonNode node) {
        List<ToolDefinition> tools = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tools;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode tool = node.get(i);
            if (!"function".equals(tool.path("type").asText())) {
                throw OpenAiError.unsupported("'tools[" + i + "]' is not a function tool; only function tools are "
                        + "supported", "tools[" + i + "].type");
            }
            FunctionTool function = FunctionTool.of(tool.path("function").get("name"),
                    tool.path("function").get("description"), tool.path("function").get("parameters"),
                    "tools[" + i + "].function");
            tools.add(new ToolDefinition(function.name(), function.description() == null ? "" : function.description(),
                    function.parameters()));
        }
        return tools;
    }
}
