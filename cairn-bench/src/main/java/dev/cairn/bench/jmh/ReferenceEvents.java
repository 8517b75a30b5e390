package dev.cairn.bench.jmh;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Event logs shaped like the reference workload's: each turn is a user message, its run queued
 * and started, two model steps that call {@code lookup} and their results, and a final answer.
 */
final class ReferenceEvents {

    static final String SESSION = "ses_bench";

    private ReferenceEvents() {
    }

    /** The first {@code count} events of a session's log (sequence 1 is {@code session.created}). */
    static List<Event> log(int count) {
        List<Event> events = new ArrayList<>(count);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        events.add(new Event(SESSION, 1, null, now, new EventPayload.SessionCreated("bench", 1, "bench", null)));
        for (int turn = 0; events.size() < count; turn++) {
            for (NewEvent event : turn(turn, events.size())) {
                if (events.size() == count) {
                    break;
                }
                events.add(new Event(SESSION, events.size() + 1, event.runId(), now, event.payload()));
            }
        }
        return events;
    }

    /** One turn's events, for a log whose last sequence number is {@code lastSeq}. */
    static List<NewEvent> turn(int turn, long lastSeq) {
        String runId = "run_" + turn;
        int messages = turn * 6 + 1;
        List<NewEvent> events = new ArrayList<>();
        events.add(NewEvent.of(new EventPayload.UserMessage("msg_" + turn, "question " + turn)));
        events.add(NewEvent.ofRun(runId, new EventPayload.RunQueued("message", lastSeq + 1)));
        events.add(NewEvent.ofRun(runId, new EventPayload.RunStarted("bench", 1, "default")));
        for (int step = 1; step <= 2; step++) {
            events.addAll(toolStep(runId, step, messages));
            messages += 2;
        }
        events.add(NewEvent.ofRun(runId, new EventPayload.ModelRequested(3, "default", "bench", "lookup-loop", messages + 1, 60)));
        String answer = "done after " + messages + " messages";
        events.add(NewEvent.ofRun(runId, new EventPayload.ModelResponded(3, "bench", "lookup-loop", answer, List.of(),
                Usage.ZERO, "stop", 0)));
        events.add(NewEvent.ofRun(runId, new EventPayload.RunCompleted(answer, 3, Usage.ZERO)));
        return events;
    }

    /** What one tool-calling model step appends, then its tool's result: five events. */
    static List<NewEvent> toolStep(String runId, int step, int messages) {
        String callId = "c" + messages;
        String arguments = "{\"q\":\"x" + messages + "\"}";
        return List.of(
                NewEvent.ofRun(runId, new EventPayload.ModelRequested(step, "default", "bench", "lookup-loop", messages + 1, 40)),
                NewEvent.ofRun(runId, new EventPayload.ModelResponded(step, "bench", "lookup-loop", "",
                        List.of(new ToolCall(callId, "lookup", arguments)), Usage.ZERO, "tool_calls", 0)),
                NewEvent.ofRun(runId, new EventPayload.ToolRequested(step, callId, "lookup", arguments)),
                NewEvent.ofRun(runId, new EventPayload.ToolStarted(callId, "lookup", "cairn-0123456789abcdef0123456789abcdef")),
                NewEvent.ofRun(runId, new EventPayload.ToolCompleted(callId, "lookup", "result for x" + messages, 0)));
    }
}
