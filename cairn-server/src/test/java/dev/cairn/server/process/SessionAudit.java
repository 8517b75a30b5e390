package dev.cairn.server.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One session's log as the API shows it, folded into what the process-level tests check: its
 * user messages, each run's lifecycle events, each tool call's story (requested, started with
 * which key, how it ended), and at which point of its run each resume picked up.
 */
final class SessionAudit {

    static final Set<String> TERMINAL = Set.of("run.completed", "run.failed", "run.cancelled");

    /** Where a run was when its worker died, as the resuming worker found it. */
    enum ResumePoint {
        /** no tool call open: the worker died before or during a model call, or between steps */
        MODEL_STEP,
        /** tool calls started and not finished: the worker died during its tool calls */
        TOOL_CALLS
    }

    /** A run's {@code run.*} events, in order. */
    record RunTrail(String runId, List<String> lifecycle, List<JsonNode> resumes) {
        String terminal() {
            return lifecycle.stream().filter(TERMINAL::contains).reduce((first, second) -> second).orElse(null);
        }
    }

    /** One tool call: its request, the keys it was started with, and every result recorded for it. */
    static final class CallTrail {
        final String runId;
        final String callId;
        final String tool;
        final String ref;
        int requested;
        final List<String> startedKeys = new ArrayList<>();
        final List<String> outcomeUnknownKeys = new ArrayList<>();
        final List<JsonNode> results = new ArrayList<>();

        CallTrail(String runId, String callId, String tool, String ref) {
            this.runId = runId;
            this.callId = callId;
            this.tool = tool;
            this.ref = ref;
        }

        String key() {
            return startedKeys.isEmpty() ? null : startedKeys.getFirst();
        }

        /** Whether the call's first result is {@code tool.completed}. */
        boolean completed() {
            return results.getFirst().path("type").asText().equals("tool.completed");
        }

        /** The first result's output, or its error. */
        String resultText() {
            JsonNode result = results.getFirst();
            return completed() ? result.path("output").asText() : result.path("error").asText();
        }

        @Override
        public String toString() {
            return tool + " call " + callId + " of run " + runId + " (ref " + ref + ", started with " + startedKeys
                    + ", outcome unknown " + outcomeUnknownKeys + ", results " + results + ")";
        }
    }

    private final String sessionId;
    private final List<JsonNode> events;
    private final List<String> userMessages = new ArrayList<>();
    private final Map<String, RunTrail> runs = new LinkedHashMap<>();
    private final Map<String, CallTrail> calls = new LinkedHashMap<>();
    private final List<ResumePoint> resumePoints = new ArrayList<>();

    private SessionAudit(String sessionId, List<JsonNode> events) {
        this.sessionId = sessionId;
        this.events = List.copyOf(events);
        events.forEach(this::fold);
    }

    static SessionAudit of(String sessionId, List<JsonNode> events) {
        return new SessionAudit(sessionId, events);
    }

    String sessionId() {
        return sessionId;
    }

    List<Long> sequenceNumbers() {
        return events.stream().map(event -> event.path("seq").asLong()).toList();
    }

    List<String> userMessages() {
        return userMessages;
    }

    Map<String, RunTrail> runs() {
        return runs;
    }

    List<CallTrail> calls() {
        return List.copyOf(calls.values());
    }

    List<ResumePoint> resumePoints() {
        return resumePoints;
    }

    private void fold(JsonNode event) {
        String type = event.path("type").asText();
        String runId = event.path("run_id").asText(null);
        if (type.equals("message.user")) {
            userMessages.add(event.path("content").asText());
        } else if (type.startsWith("run.")) {
            RunTrail run = runs.computeIfAbsent(runId, id -> new RunTrail(id, new ArrayList<>(), new ArrayList<>()));
            run.lifecycle().add(type);
            if (type.equals("run.resumed")) {
                run.resumes().add(event);
                resumePoints.add(hasOpenCalls(runId) ? ResumePoint.TOOL_CALLS : ResumePoint.MODEL_STEP);
            }
        } else if (type.equals("tool.requested")) {
            String callId = event.path("call_id").asText();
            CallTrail call = calls.computeIfAbsent(runId + "/" + callId,
                    id -> new CallTrail(runId, callId, event.path("tool").asText(), ref(event.path("arguments").asText())));
            call.requested++;
        } else if (type.startsWith("tool.")) {
            CallTrail call = calls.get(runId + "/" + event.path("call_id").asText());
            if (call == null) {
                throw new AssertionError("session " + sessionId + ": " + type + " for a call never requested: " + event);
            }
            switch (type) {
                case "tool.started" -> call.startedKeys.add(event.path("idempotency_key").asText());
                case "tool.outcome_unknown" -> call.outcomeUnknownKeys.add(event.path("idempotency_key").asText());
                default -> call.results.add(event);
            }
        }
    }

    private boolean hasOpenCalls(String runId) {
        return calls.values().stream().anyMatch(call -> call.runId.equals(runId) && !call.startedKeys.isEmpty()
                && call.results.isEmpty());
    }

    private static String ref(String arguments) {
        try {
            return Json.parse(arguments).path("ref").asText(null);
        } catch (IOException e) {
            throw new UncheckedIOException("tool arguments are not JSON: " + arguments, e);
        }
    }
}
