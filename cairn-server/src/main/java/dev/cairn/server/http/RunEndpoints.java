package dev.cairn.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.run.RunState;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.runtime.RunWaits;
import dev.cairn.core.runtime.ToolOutput;
import dev.cairn.core.store.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v1/runs}: read runs (with what they wait for), list them by session and state, cancel
 * them, and post the outputs of their client tool calls.
 */
final class RunEndpoints {

    private final AgentRuntime runtime;

    RunEndpoints(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    void register(ApiRouter router) {
        router.get("/v1/runs", Role.USER, this::list)
                .get("/v1/runs/{id}", Role.USER, call -> call.reply(200, withWaits(call.tenantId(), call.path("id"))))
                .post("/v1/runs/{id}/cancel", Role.USER, this::cancel)
                .post("/v1/runs/{id}/tool-outputs", Role.USER, this::toolOutputs);
    }

    private ObjectNode withWaits(String tenantId, String runId) {
        RunWaits waits = runtime.waits(tenantId, runId);
        return Wire.run(runtime.run(tenantId, runId), waits);
    }

    /** {@code {outputs: [{call_id, output, error?}]}}: every output is checked before any is stored. */
    private void toolOutputs(Call call) {
        String runId = call.path("id");
        runtime.run(call.tenantId(), runId);
        ArrayNode outputs = call.json("outputs").array("outputs");
        if (outputs == null || outputs.isEmpty()) {
            throw HttpProblem.badRequest("'outputs' is required: a non-empty array of {call_id, output, error?}");
        }
        List<ToolOutput> parsed = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            parsed.add(toolOutput("outputs[" + i + "]", outputs.get(i)));
        }
        runtime.submitToolOutputs(call.tenantId(), runId, parsed);
        call.reply(200, withWaits(call.tenantId(), runId));
    }

    private static ToolOutput toolOutput(String where, JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            throw HttpProblem.badRequest(where + " must be an object {call_id, output, error?}, got " + JsonFields.typeName(node));
        }
        JsonFields fields;
        try {
            fields = JsonFields.of(object, "call_id", "output", "error");
            String callId = fields.requiredText("call_id");
            String output = fields.requiredText("output");
            return new ToolOutput(callId, output, fields.bool("error", false));
        } catch (HttpProblem problem) {
            throw HttpProblem.badRequest(where + ": " + problem.getMessage());
        }
    }

    private void list(Call call) {
        int limit = (int) call.queryLong("limit", 100, 1, 1000);
        String sessionId = call.query("session_id").filter(text -> !text.isBlank()).orElse(null);
        RunState state = call.query("state").filter(text -> !text.isBlank()).map(RunEndpoints::state).orElse(null);
        if (sessionId != null) {
            runtime.session(call.tenantId(), sessionId);
        }
        ObjectNode answer = Json.object();
        ArrayNode runs = answer.putArray("runs");
        runtime.runs(call.tenantId(), sessionId, state, limit).forEach(run -> runs.add(Wire.runRecord(run)));
        call.reply(200, answer);
    }

    private static RunState state(String text) {
        try {
            return RunState.parse(text);
        } catch (IllegalArgumentException e) {
            StringBuilder known = new StringBuilder();
            for (RunState state : RunState.values()) {
                known.append(known.isEmpty() ? "" : ", ").append(state.wireName());
            }
            throw HttpProblem.badRequest("query parameter 'state' is '" + text + "', not one of " + known);
        }
    }

    private void cancel(Call call) {
        String runId = call.path("id");
        runtime.run(call.tenantId(), runId);
        JsonFields body = call.json("reason");
        String reason = body.text("reason");
        if (reason != null && reason.length() > 1000) {
            throw HttpProblem.badRequest("'reason' has " + reason.length() + " characters; the limit is 1000");
        }
        call.reply(200, Wire.run(runtime.cancel(call.tenantId(), runId, reason)));
    }
}
