package dev.cairn.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cairn.core.json.Json;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The closed list of stored event types: each name maps to exactly one {@link EventPayload}
 * record, and decoding only ever instantiates the record the name maps to.
 */
public final class EventTypes {

    private static final Map<String, Class<? extends EventPayload>> BY_NAME = Map.ofEntries(
            Map.entry("session.created", EventPayload.SessionCreated.class),
            Map.entry("session.forked", EventPayload.SessionForked.class),
            Map.entry("session.imported", EventPayload.SessionImported.class),
            Map.entry("session.agent_moved", EventPayload.SessionAgentMoved.class),
            Map.entry("message.user", EventPayload.UserMessage.class),
            Map.entry("run.queued", EventPayload.RunQueued.class),
            Map.entry("run.started", EventPayload.RunStarted.class),
            Map.entry("run.resumed", EventPayload.RunResumed.class),
            Map.entry("model.requested", EventPayload.ModelRequested.class),
            Map.entry("model.responded", EventPayload.ModelResponded.class),
            Map.entry("model.failed", EventPayload.ModelFailed.class),
            Map.entry("tool.requested", EventPayload.ToolRequested.class),
            Map.entry("tool.started", EventPayload.ToolStarted.class),
            Map.entry("tool.completed", EventPayload.ToolCompleted.class),
            Map.entry("tool.failed", EventPayload.ToolFailed.class),
            Map.entry("tool.refused", EventPayload.ToolRefused.class),
            Map.entry("tool.outcome_unknown", EventPayload.ToolOutcomeUnknown.class),
            Map.entry("agent.delegated", EventPayload.AgentDelegated.class),
            Map.entry("tool.client_requested", EventPayload.ToolClientRequested.class),
            Map.entry("approval.requested", EventPayload.ApprovalRequested.class),
            Map.entry("approval.decided", EventPayload.ApprovalDecided.class),
            Map.entry("run.resumed_by_client", EventPayload.RunResumedByClient.class),
            Map.entry("memory.written", EventPayload.MemoryWritten.class),
            Map.entry("context.compacted", EventPayload.ContextCompacted.class),
            Map.entry("context.compaction_failed", EventPayload.ContextCompactionFailed.class),
            Map.entry("memory.extraction_queued", EventPayload.MemoryExtractionQueued.class),
            Map.entry("memory.extracted", EventPayload.MemoryExtracted.class),
            Map.entry("run.completed", EventPayload.RunCompleted.class),
            Map.entry("run.failed", EventPayload.RunFailed.class),
            Map.entry("run.cancel_requested", EventPayload.RunCancelRequested.class),
            Map.entry("run.cancelled", EventPayload.RunCancelled.class));

    private static final Map<Class<? extends EventPayload>, String> BY_CLASS = BY_NAME.entrySet().stream()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private EventTypes() {
    }

    /** Every stored type name. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    /** The stored type name of a payload. */
    public static String nameOf(EventPayload payload) {
        String name = BY_CLASS.get(payload.getClass());
        if (name == null) {
            throw new IllegalStateException("event payload " + payload.getClass().getName() + " has no stored type name");
        }
        return name;
    }

    /** The payload's JSON form, as stored. */
    public static String encode(EventPayload payload) {
        return Json.write(payload);
    }

    /**
     * Decodes a stored payload.
     *
     * @throws UnknownEventTypeException when the name is not a known type or the data does not fit it
     */
    public static EventPayload decode(String typeName, String json) {
        Class<? extends EventPayload> type = BY_NAME.get(typeName);
        if (type == null) {
            throw new UnknownEventTypeException("stored event type '" + typeName + "' is unknown; refusing to decode it", null);
        }
        try {
            return Json.mapper().readValue(json, type);
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            throw new UnknownEventTypeException("stored event of type '" + typeName + "' does not decode: " + e.getMessage(), e);
        }
    }
}
