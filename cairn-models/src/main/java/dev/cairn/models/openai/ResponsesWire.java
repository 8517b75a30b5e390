package dev.cairn.models.openai;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.ResponsesModel;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputMessage;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Responses API ({@code POST /responses}), used statelessly: every call carries the whole
 * transcript, so no {@code previous_response_id} or conversation is needed.
 *
 * <p>Intentional choices: system messages are joined into {@code instructions}; the request
 * says {@code store: false}, because Cairn keeps the transcript itself and nothing needs
 * OpenAI to keep a copy; function calls are sent back without their output-item id (the
 * transcript keeps only the call id), which the API accepts; function tools are sent with
 * {@code strict: false}, since a tool's schema need not meet strict mode's rules. The finish
 * reason uses Chat Completions' words: {@code tool_calls} when the answer calls a tool,
 * {@code length} when it stopped at the output limit, {@code stop} otherwise.
 */
final class ResponsesWire implements Wire {

    private final OpenAIClient client;
    private final OpenAiFailures failures;

    ResponsesWire(OpenAIClient client, OpenAiFailures failures) {
        this.client = client;
        this.failures = failures;
    }

    @Override
    public ChatResponse call(ChatRequest request, StreamListener listener, boolean stream) {
        ResponseCreateParams params = params(request);
        if (!stream) {
            return read(client.responses().create(params));
        }
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> events = client.responses().createStreaming(params)) {
            events.stream().forEach(event -> {
                if (event.isError()) {
                    throw failures.failedAnswer(event.asError().code().orElse(""), event.asError().message());
                }
                accumulator.accumulate(event);
                event.outputTextDelta().ifPresent(delta -> listener.onTextDelta(delta.delta()));
            });
            return read(accumulator.response());
        } catch (IllegalStateException incomplete) {
            throw failures.endedEarly(incomplete);
        }
    }

    static ResponseCreateParams params(ChatRequest request) {
        ResponseCreateParams.Builder params = ResponseCreateParams.builder().model(request.model()).store(false);
        List<String> instructions = new ArrayList<>();
        List<ResponseInputItem> input = new ArrayList<>();
        for (Message message : request.messages()) {
            switch (message) {
                case Message.System system -> instructions.add(system.text());
                case Message.User user -> input.add(text(EasyInputMessage.Role.USER, user.text()));
                case Message.Assistant assistant -> addAssistant(assistant, input);
                case Message.ToolResult result -> input.add(ResponseInputItem.ofFunctionCallOutput(
                        ResponseInputItem.FunctionCallOutput.builder().callId(result.callId()).output(result.content()).build()));
            }
        }
        if (!instructions.isEmpty()) {
            params.instructions(String.join("\n\n", instructions));
        }
        params.inputOfResponse(input);
        request.tools().forEach(tool -> params.addTool(tool(tool)));
        if (request.maxOutputTokens() > 0) {
            params.maxOutputTokens(request.maxOutputTokens());
        }
        return params.build();
    }

    private static ResponseInputItem text(EasyInputMessage.Role role, String text) {
        return ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder().role(role).content(text).build());
    }

    private static void addAssistant(Message.Assistant assistant, List<ResponseInputItem> input) {
        if (!assistant.text().isEmpty()) {
            input.add(text(EasyInputMessage.Role.ASSISTANT, assistant.text()));
        }
        for (ToolCall call : assistant.toolCalls()) {
            input.add(ResponseInputItem.ofFunctionCall(ResponseFunctionToolCall.builder()
                    .callId(call.id()).name(call.name()).arguments(call.arguments()).build()));
        }
    }

    private static FunctionTool tool(ToolDefinition tool) {
        FunctionTool.Builder function = FunctionTool.builder().name(tool.name()).strict(false)
                .parameters(FunctionTool.Parameters.builder().additionalProperties(ToolSchemas.parameters(tool)).build());
        if (!tool.description().isBlank()) {
            function.description(tool.description());
        }
        return function.build();
    }

    ChatResponse read(Response response) {
        Optional<ResponseStatus> status = response.status();
        if (status.isPresent() && status.get().equals(ResponseStatus.FAILED)) {
            throw failures.failedAnswer(response.error().map(error -> error.code().asString()).orElse(""),
                    response.error().map(error -> error.message()).orElse("the response failed without saying why"));
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> toolCalls = new ArrayList<>();
        for (ResponseOutputItem item : response.output()) {
            item.message().ifPresent(message -> appendText(message, text));
            item.functionCall().ifPresent(call -> toolCalls.add(new ToolCall(call.callId(), call.name(), call.arguments())));
        }
        Usage usage = response.usage().map(used -> new Usage(used.inputTokens(), used.outputTokens())).orElse(Usage.ZERO);
        return new ChatResponse(new Message.Assistant(text.toString(), toolCalls), usage,
                finishReason(response, status, !toolCalls.isEmpty()), modelName(response.model()));
    }

    private static void appendText(ResponseOutputMessage message, StringBuilder text) {
        for (ResponseOutputMessage.Content content : message.content()) {
            content.outputText().ifPresent(part -> text.append(part.text()));
            content.refusal().ifPresent(part -> text.append(part.refusal()));
        }
    }

    private static String finishReason(Response response, Optional<ResponseStatus> status, boolean callsTools) {
        if (status.isPresent() && status.get().equals(ResponseStatus.INCOMPLETE)) {
            String reason = response.incompleteDetails().flatMap(details -> details.reason()).map(r -> r.asString()).orElse("incomplete");
            return reason.equals("max_output_tokens") ? "length" : reason;
        }
        return callsTools ? "tool_calls" : "stop";
    }

    private static String modelName(ResponsesModel model) {
        if (model.isString()) {
            return model.asString();
        }
        return model.isChat() ? model.asChat().asString() : model.asOnly().asString();
    }
}
