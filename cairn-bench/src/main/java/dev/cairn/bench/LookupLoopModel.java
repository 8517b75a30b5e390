package dev.cairn.bench;

import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.Usage;
import java.util.List;

/**
 * The reference workload's model, answering exactly as the LangGraph.js peer's scripted model does
 * ({@code shared/peers/langgraphjs/bench.mjs}), with zero latency: while fewer than two tool
 * results follow the latest user message it calls {@code lookup} with {@code {"q": "xN"}} (N the
 * number of messages so far, instructions not counted); then it answers {@code done after N messages}.
 * A turn is thus model, tool, model, tool, model: five steps.
 *
 * <p>Stateless and thread-safe.
 */
final class LookupLoopModel implements ChatProvider {

    static final String MODEL = "lookup-loop";

    private final String name;

    LookupLoopModel(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        List<Message> messages = request.messages();
        int conversation = 0;
        int toolResultsSinceUser = 0;
        for (Message message : messages) {
            switch (message) {
                case Message.System system -> {
                    // the peer's graph has no instructions; they do not count
                }
                case Message.User user -> {
                    conversation++;
                    toolResultsSinceUser = 0;
                }
                case Message.Assistant assistant -> conversation++;
                case Message.ToolResult result -> {
                    conversation++;
                    toolResultsSinceUser++;
                }
            }
        }
        if (toolResultsSinceUser < 2) {
            ToolCall call = new ToolCall("c" + conversation, LookupTool.NAME, "{\"q\":\"x" + conversation + "\"}");
            return new ChatResponse(new Message.Assistant("", List.of(call)), Usage.ZERO, "tool_calls", MODEL);
        }
        String answer = "done after " + conversation + " messages";
        listener.onTextDelta(answer);
        return new ChatResponse(Message.Assistant.text(answer), Usage.ZERO, "stop", MODEL);
    }
}
