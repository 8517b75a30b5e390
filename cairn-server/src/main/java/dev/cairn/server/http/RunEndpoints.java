package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.run.RunState;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.store.Role;

/** {@code /v1/runs}: read runs, list them by session and state, and cancel them. */
final class RunEndpoints {

    private final AgentRuntime runtime;

    RunEndpoints(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    void register(ApiRouter router) {
        router.get("/v1/runs", Role.USER, this::list)
                .get("/v1/runs/{id}", Role.USER, call -> call.reply(200, Wire.run(runtime.run(call.tenantId(), call.path("id")))))
                .post("/v1/runs/{id}/cancel", Role.USER, this::cancel);
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
