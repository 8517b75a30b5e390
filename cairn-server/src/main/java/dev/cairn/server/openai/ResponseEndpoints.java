package dev.cairn.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.route.Route;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.AgentRuntime;
import io.helidon.webserver.sse.SseSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /responses} and {@code GET /responses/{id}}. A stored response is made by a run (see
 * {@link ResponseService}); one with {@code store: false} and nothing to continue is stateless
 * pass-through (see {@link PassThrough}), answered with an id that cannot be read back.
 */
final class ResponseEndpoints {

    private final AgentRuntime runtime;
    private final ResponseService service;
    private final ResponseLog log;
    private final ResponseStreamer streamer;
    private final PassThrough passThrough;
    private final Duration maxWait;
    private final Clock clock;

    ResponseEndpoints(AgentRuntime runtime, ResponseService service, ResponseLog log, ResponseStreamer streamer,
                      PassThrough passThrough, Duration maxWait, Clock clock) {
        this.runtime = runtime;
        this.service = service;
        this.log = log;
        this.streamer = streamer;
        this.passThrough = passThrough;
        this.maxWait = maxWait;
        this.clock = clock;
    }

    void create(Exchange exchange) throws InterruptedException {
        ResponseRequest request = ResponseRequest.parse(exchange.jsonBody());
        if (request.stateless()) {
            stateless(exchange, request);
            return;
        }
        if (!request.store()) {
            throw OpenAiError.invalid("'store: false' cannot continue a conversation or a previous response: Cairn keeps "
                    + "every response it continues", "store");
        }
        String tenantId = exchange.tenantId();
        ResponseService.Started started = service.start(tenantId, request);
        if (request.stream()) {
            streamer.stream(exchange.response(), tenantId, started, begun -> render(tenantId, begun));
            return;
        }
        runtime.awaitRun(tenantId, started.runId(), maxWait);
        exchange.reply(200, render(tenantId, started));
    }

    void read(Exchange exchange) {
        String tenantId = exchange.tenantId();
        ResponseLog.Part part = log.find(tenantId, exchange.path("id"), null);
        exchange.reply(200, ResponseWire.response(service.snapshot(tenantId, part)));
    }

    private ObjectNode render(String tenantId, ResponseService.Started started) {
        RunView run = runtime.run(tenantId, started.runId());
        return ResponseWire.response(service.snapshot(tenantId, log.parts(tenantId, run).get(started.part())));
    }

    private void stateless(Exchange exchange, ResponseRequest request) {
        List<Message> messages = new ArrayList<>();
        if (request.instructions() != null && !request.instructions().isBlank()) {
            messages.add(new Message.System(request.instructions()));
        }
        for (InputItems.Item item : request.input()) {
            if (!(item instanceof InputItems.UserMessage message)) {
                throw OpenAiError.invalid("a function_call_output needs the response it answers: with 'store: false' "
                        + "there is none", "input");
            }
            messages.add(new Message.User(message.text()));
        }
        List<FunctionTool> functions = request.tools() == null ? List.of() : request.tools();
        List<ToolDefinition> tools = functions.stream()
                .map(tool -> new ToolDefinition(tool.name(), tool.description() == null ? "" : tool.description(),
                        tool.parameters()))
                .toList();
        Route route = passThrough.admit(exchange.tenantId(), request.user(), request.model());
        String id = "resp_" + UUID.randomUUID().toString().replace("-", "");
        String runKey = "pass_" + id;
        Instant created = clock.instant();
        if (!request.stream()) {
            ChatResponse answer = passThrough.call(exchange.tenantId(), request.user(), route, messages, tools, delta -> { });
            exchange.reply(200, ResponseWire.response(snapshot(id, runKey, created, request, functions, answer)));
            return;
        }
        SseSink sink = exchange.response().sink(SseSink.TYPE);
        try {
            ResponseEvents events = new ResponseEvents(sink);
            events.created(ResponseWire.response(new ResponseWire.Snapshot(id, created, null, "in_progress", null,
                    request.model(), request.instructions(), functions, List.of(), null, null, null, false)));
            String messageId = OpenAiIds.message(runKey, 1);
            ChatResponse answer;
            try {
                answer = passThrough.call(exchange.tenantId(), request.user(), route, messages, tools,
                        delta -> events.textDelta(messageId, delta));
            } catch (CairnException failure) {
                events.failed(OpenAiErrors.of(failure));
                return;
            }
            if (!answer.message().text().isBlank()) {
                events.textDone(messageId, answer.message().text());
            } else {
                events.abandonText();
            }
            for (ToolCall call : answer.message().toolCalls()) {
                events.functionCall(runKey, call.id(), call.name(), call.arguments());
            }
            events.finished(ResponseWire.response(snapshot(id, runKey, created, request, functions, answer)));
        } finally {
            sink.close();
        }
    }

    private ResponseWire.Snapshot snapshot(String id, String runKey, Instant created, ResponseRequest request,
                                           List<FunctionTool> functions, ChatResponse answer) {
        List<ObjectNode> output = new ArrayList<>();
        if (!answer.message().text().isBlank()) {
            output.add(ResponseWire.assistantMessage(OpenAiIds.message(runKey, 1), answer.message().text(), "completed"));
        }
        for (ToolCall call : answer.message().toolCalls()) {
            output.add(ResponseWire.functionCall(runKey, call.id(), call.name(), call.arguments(), "completed"));
        }
        return new ResponseWire.Snapshot(id, created, clock.instant(), "completed", null, request.model(),
                request.instructions(), functions, output, answer.usage(), null, null, false);
    }
}
