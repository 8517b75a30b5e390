package dev.cairn.models.openai;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionSystemMessageParam;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.model.Usage;
import java.util.List;

/**
 * Chat Completions ({@code POST /chat/completions}).
 *
 * <p>Instructions go as {@code system} messages, in place: every compatible server knows that
 * role, while {@code developer} is OpenAI's alone. A tool result goes as a {@code tool} message;
 * the API has no error flag, so an error result is sent as its text. Only the first choice is
 * read (Cairn never asks for more).
 */
final class ChatCompletionsWire implements Wire {

    private final OpenAIClient client;
    private final OpenAiFailures failures;

    ChatCompletionsWire(OpenAIClient client, OpenAiFailures failures) {
        this.client = client;
        this.failures = failures;
    }

    @Override
    public ChatResponse call(ChatRequest request, StreamListener listener, boolean stream) {
        ChatCompletionCreateParams params = params(request, stream);
        if (!stream) {
            return read(client.chat().completions().create(params));
        }
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> chunks = client.chat().completions().createStreaming(params)) {
            // A chunk with neither choices nor usage (OpenAI's moderation results come as one,
            // after the usage chunk) holds nothing Cairn reads, and the accumulator refuses it.
            chunks.stream().filter(chunk -> !chunk.choices().isEmpty() || chunk.usage().isPresent()).forEach(chunk -> {
                accumulator.accumulate(chunk);
                chunk.choices().stream().filter(choice -> choice.index() == 0)
                        .forEach(choice -> choice.delta().content().filter(text -> !text.isEmpty()).ifPresent(listener::onTextDelta));
            });
            return read(accumulator.chatCompletion());
        } catch (IllegalStateException incomplete) {
            throw failures.endedEarly(incomplete);
        }
    }

    static ChatCompletionCreateParams params(ChatRequest request, boolean stream) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(request.model());
        request.messages().forEach(message -> params.addMessage(message(message)));
        request.tools().forEach(tool -> params.addTool(tool(tool)));
        if (request.maxOutputTokens() > 0) {
            params.maxCompletionTokens(request.maxOutputTokens());
        }
        if (stream) {
            params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        }
        return params.build();
    }

    private static ChatCompletionMessageParam message(Message message) {
        return switch (message) {
            case Message.System system -> ChatCompletionMessageParam.ofSystem(
                    ChatCompletionSystemMessageParam.builder().content(system.text()).build());
            case Message.User user -> ChatCompletionMessageParam.ofUser(
                    ChatCompletionUserMessageParam.builder().content(user.text()).build());
            case Message.Assistant assistant -> ChatCompletionMessageParam.ofAssistant(assistant(assistant));
            case Message.ToolResult result -> ChatCompletionMessageParam.ofTool(
                    ChatCompletionToolMessageParam.builder().toolCallId(result.callId()).content(result.content()).build());
        };
    }

    private static ChatCompletionAssistantMessageParam assistant(Message.Assistant assistant) {
        ChatCompletionAssistantMessageParam.Builder param = ChatCompletionAssistantMessageParam.builder();
        if (!assistant.text().isEmpty() || assistant.toolCalls().isEmpty()) {
            param.content(assistant.text());
        }
        for (ToolCall call : assistant.toolCalls()) {
            param.addToolCall(ChatCompletionMessageFunctionToolCall.builder()
                    .id(call.id())
                    .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                            .name(call.name()).arguments(call.arguments()).build())
                    .build());
        }
        return param.build();
    }

    private static ChatCompletionFunctionTool tool(ToolDefinition tool) {
        FunctionDefinition.Builder function = FunctionDefinition.builder().name(tool.name())
                .parameters(FunctionParameters.builder().additionalProperties(ToolSchemas.parameters(tool)).build());
        if (!tool.description().isBlank()) {
            function.description(tool.description());
        }
        return ChatCompletionFunctionTool.builder().function(function.build()).build();
    }

    static ChatResponse read(ChatCompletion completion) {
        Usage usage = completion.usage().map(used -> new Usage(used.promptTokens(), used.completionTokens())).orElse(Usage.ZERO);
        if (completion.choices().isEmpty()) {
            return new ChatResponse(Message.Assistant.text(""), usage, "", completion.model());
        }
        ChatCompletion.Choice choice = completion.choices().getFirst();
        ChatCompletionMessage message = choice.message();
        String text = message.content().filter(content -> !content.isEmpty()).or(message::refusal).orElse("");
        List<ToolCall> toolCalls = message.toolCalls().orElse(List.of()).stream()
                .filter(ChatCompletionMessageToolCall::isFunction)
                .map(ChatCompletionMessageToolCall::asFunction)
                .map(call -> new ToolCall(call.id(), call.function().name(), call.function().arguments()))
                .toList();
        return new ChatResponse(new Message.Assistant(text, toolCalls), usage, choice.finishReason().asString(), completion.model());
    }
}
