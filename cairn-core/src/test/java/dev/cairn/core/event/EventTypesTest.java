package dev.cairn.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.json.Json;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.Usage;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    static List<EventPayload> oneOfEach() {
        return List.of(
                new EventPayload.SessionCreated("triage", 3, "u1", Json.object().put("team", "blue")),
                new EventPayload.SessionForked("ses_parent", 7),
                new EventPayload.SessionImported("ses_original"),
                new EventPayload.SessionAgentMoved("oai-default-0a1b", 2, "triage", 3),
                new EventPayload.UserMessage("msg_1", "hello"),
                new EventPayload.MemoryExtractionQueued("job_1", List.of("facts", "preferences")),
                new EventPayload.MemoryExtracted("job_1", "run_1", "scripted", "scripted-1", new Usage(120, 30),
                        List.of(new EventPayload.ExtractionChange("superseded", "fact", "mem_2", "mem_1"))),
                new EventPayload.RunQueued("message", 2),
                new EventPayload.RunStarted("triage", 3, "default"),
                new EventPayload.RunResumed("node-1", 4, 2),
                new EventPayload.ModelRequested(1, "default", "openai", "gpt-x", 4, 120),
                new EventPayload.ModelResponded(1, "openai", "gpt-x", "", List.of(new ToolCall("c1", "memory", "{\"a\":1}")),
                        new Usage(10, 5), "tool_calls", 42),
                new EventPayload.ModelFailed(1, "openai", "provider_rate_limited", 429, "slow down", 4),
                new EventPayload.ToolRequested(1, "c1", "memory", "{}"),
                new EventPayload.ToolStarted("c1", "memory", "cairn-abc"),
                new EventPayload.ToolCompleted("c1", "memory", "ok", 3),
                new EventPayload.ToolCompleted("c2", "workspace", "the start...", 9, "ab".repeat(32), 100_000L),
                new EventPayload.ToolFailed("c1", "memory", "bad", 3),
                new EventPayload.ToolRefused("c1", "refund_all", "denied", "tool_policies[0]", "tool 'refund_all' is denied"),
                new EventPayload.ToolOutcomeUnknown("c1", "refund", "cairn-abc", "the worker stopped"),
                new EventPayload.AgentDelegated("c3", "researcher", "ses_dchild", "run_child", 1, "completed", new Usage(40, 12)),
                new EventPayload.ToolClientRequested("c2", "pick_file", "{\"kind\":\"pdf\"}"),
                new EventPayload.ApprovalRequested("apr_1", "c1", "refund", "{\"order\":7}",
                        java.time.Instant.parse("2025-03-02T09:00:00.123Z"), "policy"),
                new EventPayload.ApprovalDecided("apr_1", "denied", "key_1", "not this one"),
                new EventPayload.RunResumedByClient(List.of("c2")),
                new EventPayload.MemoryWritten("persona", "kind", "append", "agent"),
                new EventPayload.MemoryWritten("persona", "calm", "restore", "api", 12L),
                new EventPayload.ContextCompacted(3, 2, 40, 17, "the user asked for refunds", "openai", "gpt-x",
                        new Usage(900, 120), 1500, List.of(new EventPayload.ModelFailed(3, "azure", "provider_unavailable",
                        503, "down", 3))),
                new EventPayload.ContextCompactionFailed(3, 2, 40, "provider_rate_limited", "slow down", null,
                        List.of(new EventPayload.ModelFailed(3, "openai", "provider_rate_limited", 429, "slow down", 3))),
                new EventPayload.RunCompleted("done", 2, new Usage(20, 9)),
                new EventPayload.RunFailed("max_steps", "too many"),
                new EventPayload.RunCancelRequested("asked"),
                new EventPayload.RunCancelled("asked"));
    }

    @Test
    void everyPayloadTypeHasANameAndRoundTripsThroughItsStoredForm() {
        List<EventPayload> payloads = oneOfEach();
        Set<Class<?>> covered = payloads.stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(Arrays.asList(EventPayload.class.getPermittedSubclasses()));
        for (EventPayload payload : payloads) {
            String name = EventTypes.nameOf(payload);
            assertThat(EventTypes.decode(name, EventTypes.encode(payload))).isEqualTo(payload);
        }
        assertThat(EventTypes.names()).hasSize(payloads.size() - 2);
    }

    @Test
    void aMemoryWriteStoredBeforeRestoresExistedStillDecodesAndIsWrittenTheSameWay() {
        String stored = "{\"label\":\"user\",\"value\":\"Ada\",\"operation\":\"append\",\"source\":\"agent\"}";

        EventPayload decoded = EventTypes.decode("memory.written", stored);

        assertThat(decoded).isEqualTo(new EventPayload.MemoryWritten("user", "Ada", "append", "agent"));
        assertThat(EventTypes.encode(decoded)).isEqualTo(stored);
        assertThat(EventTypes.encode(new EventPayload.MemoryWritten("user", "Ada", "restore", "api", 4L)))
                .contains("\"restored_from\":4");
    }

    @Test
    void aRestoreNamesTheVersionItRestoresAndNothingElseDoes() {
        assertThatThrownBy(() -> new EventPayload.MemoryWritten("user", "Ada", "restore", "api", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restored_from");
        assertThatThrownBy(() -> new EventPayload.MemoryWritten("user", "Ada", "set", "api", 3L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restored_from");
    }

    @Test
    void storedJsonUsesSnakeCaseNames() {
        String json = EventTypes.encode(new EventPayload.RunQueued("message", 7));
        assertThat(json).isEqualTo("{\"trigger\":\"message\",\"message_seq\":7}");
    }

    @Test
    void aToolResultStoredBeforeLargeOutputsStillDecodesAndIsWrittenTheSameWay() {
        String stored = "{\"call_id\":\"c1\",\"tool\":\"memory\",\"output\":\"ok\",\"latency_millis\":3}";

        EventPayload decoded = EventTypes.decode("tool.completed", stored);

        assertThat(decoded).isEqualTo(new EventPayload.ToolCompleted("c1", "memory", "ok", 3, null, null));
        assertThat(EventTypes.encode(decoded)).isEqualTo(stored);
    }

    @Test
    void anUnknownTypeNameIsRejectedAndNothingIsInstantiated() {
        assertThatThrownBy(() -> EventTypes.decode("java.lang.ProcessBuilder", "{\"command\":[\"sh\"]}"))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("'java.lang.ProcessBuilder' is unknown");
    }

    @Test
    void typeHintsInsideStoredDataAreNotFollowed() {
        String hostile = "{\"@class\":\"java.net.URL\",\"message_id\":\"m\",\"content\":\"hi\"}";
        assertThatThrownBy(() -> EventTypes.decode("message.user", hostile))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("does not decode");
    }

    @Test
    void dataThatDoesNotFitItsTypeIsRejected() {
        assertThatThrownBy(() -> EventTypes.decode("run.queued", "{\"trigger\":\"message\",\"message_seq\":\"x\"}"))
                .isInstanceOf(UnknownEventTypeException.class);
        assertThatThrownBy(() -> EventTypes.decode("message.user", "{\"message_id\":\"m\"}"))
                .isInstanceOf(UnknownEventTypeException.class);
        assertThatThrownBy(() -> EventTypes.decode("message.user", "not json"))
                .isInstanceOf(UnknownEventTypeException.class);
    }
}
