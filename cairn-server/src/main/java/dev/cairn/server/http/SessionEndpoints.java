package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.agent.OnBusy;
import dev.cairn.core.json.Json;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.runtime.PostedMessage;
import dev.cairn.core.store.Role;
import dev.cairn.core.store.SessionRecord;
import java.time.Duration;

/**
 * {@code /v1/sessions}: create and read sessions, post messages (answered at once with the queued
 * run, or with the final answer when the caller waits). Memory blocks are {@link MemoryBlockEndpoints}'.
 */
final class SessionEndpoints {

    /** Slack on top of an agent's run timeout before a waiting caller gets the run as it is. */
    private static final Duration WAIT_SLACK = Duration.ofSeconds(30);

    private final AgentRuntime runtime;
    private final Duration maxWait;

    SessionEndpoints(AgentRuntime runtime, Duration maxWait) {
        this.runtime = runtime;
        this.maxWait = maxWait;
    }

    void register(ApiRouter router) {
        router.post("/v1/sessions", Role.USER, this::create)
                .get("/v1/sessions", Role.USER, this::list)
                .get("/v1/sessions/{id}", Role.USER,
                        call -> call.reply(200, Wire.sessionState(runtime.state(call.tenantId(), call.path("id")))))
                .post("/v1/sessions/{id}/messages", Role.USER, this::postMessage);
    }

    private void create(Call call) {
        JsonFields body = call.json("agent", "user_id", "metadata");
        String agent = body.requiredText("agent");
        String userId = body.text("user_id");
        ObjectNode metadata = body.object("metadata");
        if (metadata != null && Json.write(metadata).length() > 64 * 1024) {
            throw HttpProblem.badRequest("'metadata' is larger than 64 KiB once written as JSON");
        }
        SessionRecord session = runtime.createSession(call.tenantId(), agent, userId, metadata);
        call.reply(201, Wire.session(session));
    }

    private void list(Call call) {
        int limit = (int) call.queryLong("limit", 100, 1, 1000);
        String agent = call.query("agent").filter(text -> !text.isBlank()).orElse(null);
        ObjectNode answer = Json.object();
        ArrayNode sessions = answer.putArray("sessions");
        runtime.store().sessions().list(call.tenantId(), agent, limit).forEach(s -> sessions.add(Wire.session(s)));
        call.reply(200, answer);
    }

    private void postMessage(Call call) throws InterruptedException {
        String sessionId = call.path("id");
        JsonFields body = call.json("content", "wait", "on_busy");
        String content = body.requiredText("content");
        boolean wait = body.bool("wait", false);
        OnBusy onBusy = onBusy(body.text("on_busy"));
        PostedMessage posted = runtime.postMessage(call.tenantId(), sessionId, content, onBusy);
        ObjectNode answer = Json.object();
        if (!wait) {
            answer.set("run", Wire.run(posted.run()));
            answer.set("message", Wire.event(posted.message()));
            call.reply(202, answer);
            return;
        }
        RunView run = runtime.awaitRun(call.tenantId(), posted.run().id(), waitLimit(call.tenantId(), sessionId));
        answer.set("run", Wire.run(run));
        if (run.state().terminal()) {
            answer.put("output", run.output());
        } else {
            answer.putNull("output");
        }
        answer.set("message", Wire.event(posted.message()));
        call.reply(run.state().terminal() ? 200 : 202, answer);
    }

    private static OnBusy onBusy(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OnBusy.parse(text);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("'on_busy' " + e.getMessage().substring("on_busy ".length()));
        }
    }

    /** The agent's run timeout plus some slack, capped by the server's longest wait. */
    private Duration waitLimit(String tenantId, String sessionId) {
        Duration runTimeout = runtime.sessionAgent(tenantId, sessionId).spec().limits().runTimeoutDuration();
        Duration limit = runTimeout.plus(WAIT_SLACK);
        return limit.compareTo(maxWait) > 0 ? maxWait : limit;
    }
}
