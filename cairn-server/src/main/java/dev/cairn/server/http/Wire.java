package dev.cairn.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.event.Event;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.Usage;
import dev.cairn.core.run.RunView;
import dev.cairn.core.runtime.MemoryBlock;
import dev.cairn.core.runtime.MemoryBlockHistory;
import dev.cairn.core.runtime.MemoryBlockVersion;
import dev.cairn.core.runtime.RunWaits;
import dev.cairn.core.runtime.SessionState;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.store.ApiKey;
import dev.cairn.core.store.ApprovalRecord;
import dev.cairn.core.store.RunRecord;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.Tenant;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the API: one method per kind of object, so every endpoint shows an object the
 * same way. Field names are snake_case; absent values are written as {@code null} so shapes are stable.
 */
final class Wire {

    private Wire() {
    }

    static ObjectNode agent(AgentVersion agent) {
        AgentSpec spec = agent.spec();
        ObjectNode node = Json.object();
        node.put("name", agent.name());
        node.put("version", agent.version());
        node.put("created_at", time(agent.createdAt()));
        node.put("description", spec.description());
        node.put("route", spec.route());
        node.put("instructions", spec.instructions());
        ObjectNode memory = node.putObject("memory");
        ObjectNode blocks = memory.putObject("blocks");
        spec.memory().blocks().forEach((label, value) -> {
            if (spec.memory().blockLimits().containsKey(label)) {
                blocks.putObject(label).put("value", value).put("limit", spec.memory().limit(label));
            } else {
                blocks.put(label, value);
            }
        });
        memory.set("long_term", spec.memory().longTerm() == null ? null : spec.memory().longTerm().toJson());
        ArrayNode tools = node.putArray("tools");
        for (ToolEntry entry : spec.tools()) {
            tools.add(toolEntry(entry));
        }
        ObjectNode limits = node.putObject("limits");
        limits.put("max_steps", spec.limits().maxSteps());
        limits.put("max_tokens_per_run", spec.limits().maxTokensPerRun());
        limits.put("run_timeout", spec.limits().runTimeout());
        node.put("on_busy", spec.onBusy().wireName());
        if (spec.retention() == null) {
            node.putNull("retention");
        } else {
            node.putObject("retention").put("idle_days", spec.retention().idleDays());
        }
        return node;
    }

    /** A tools entry as it is written in a definition: the set fields, a declared kind under its key. */
    static ObjectNode toolEntry(ToolEntry entry) {
        ObjectNode node = Json.object();
        node.put("builtin", entry.builtin());
        node.put("name", entry.name());
        node.put("description", entry.description());
        if (entry.kind() != null) {
            node.set(entry.kind(), entry.declaration());
        }
        node.set("input_schema", entry.inputSchema());
        node.put("policy", entry.policy());
        node.put("idempotent", entry.idempotent());
        node.put("client", entry.client());
        node.put("approval_timeout", entry.approvalTimeout());
        node.put("on_unknown_outcome", entry.onUnknownOutcome());
        List<String> unset = new java.util.ArrayList<>();
        node.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                unset.add(field.getKey());
            }
        });
        node.remove(unset);
        return node;
    }

    static ObjectNode agentSummary(AgentVersion agent) {
        ObjectNode node = Json.object();
        node.put("name", agent.name());
        node.put("version", agent.version());
        node.put("description", agent.spec().description());
        node.put("route", agent.spec().route());
        node.put("created_at", time(agent.createdAt()));
        return node;
    }

    static ObjectNode session(SessionRecord session) {
        ObjectNode node = Json.object();
        node.put("id", session.id());
        node.put("agent", session.agent());
        node.put("agent_version", session.agentVersion());
        node.put("user_id", session.userId());
        node.set("metadata", session.metadata());
        node.put("created_at", time(session.createdAt()));
        if (session.forkedFrom() == null) {
            node.putNull("forked_from");
        } else {
            ObjectNode fork = node.putObject("forked_from");
            fork.put("session_id", session.forkedFrom().sessionId());
            fork.put("at_seq", session.forkedFrom().atSeq());
        }
        return node;
    }

    static ObjectNode sessionState(SessionState state) {
        ObjectNode node = session(state.session());
        node.put("last_seq", state.lastSeq());
        ArrayNode messages = node.putArray("messages");
        for (SessionView.TranscriptEntry entry : state.transcript()) {
            messages.add(message(entry));
        }
        ObjectNode blocks = node.putObject("memory_blocks");
        state.memoryBlocks().forEach(blocks::put);
        ArrayNode runs = node.putArray("runs");
        state.runs().forEach(run -> runs.add(run(run)));
        return node;
    }

    /** A block as it is now: {@code seq} is its latest version. */
    static ObjectNode memoryBlock(MemoryBlock block) {
        ObjectNode node = Json.object();
        node.put("label", block.label());
        node.put("value", block.value());
        node.put("limit", block.limit());
        node.put("seq", block.seq());
        return node;
    }

    /** A page of a block's versions; {@code last_seq} is the cursor for the next page's {@code after}. */
    static ObjectNode memoryBlockHistory(MemoryBlockHistory history, long after) {
        ObjectNode node = Json.object();
        node.put("label", history.label());
        ArrayNode versions = node.putArray("versions");
        for (MemoryBlockVersion version : history.versions()) {
            ObjectNode versionNode = versions.addObject();
            versionNode.put("seq", version.seq());
            versionNode.put("value", version.value());
            versionNode.put("operation", version.operation());
            versionNode.put("source", version.source());
            versionNode.put("created_at", time(version.createdAt()));
            versionNode.put("restored_from", version.restoredFrom());
        }
        node.put("last_seq", history.versions().isEmpty() ? after : history.versions().getLast().seq());
        node.put("has_more", history.hasMore());
        return node;
    }

    private static ObjectNode message(SessionView.TranscriptEntry entry) {
        ObjectNode node = Json.object();
        node.put("seq", entry.seq());
        node.put("run_id", entry.runId());
        switch (entry.message()) {
            case Message.System system -> {
                node.put("role", "system");
                node.put("content", system.text());
            }
            case Message.User user -> {
                node.put("role", "user");
                node.put("content", user.text());
            }
            case Message.Assistant assistant -> {
                node.put("role", "assistant");
                node.put("content", assistant.text());
                ArrayNode calls = node.putArray("tool_calls");
                for (ToolCall call : assistant.toolCalls()) {
                    ObjectNode callNode = calls.addObject();
                    callNode.put("id", call.id());
                    callNode.put("name", call.name());
                    callNode.put("arguments", call.arguments());
                }
            }
            case Message.ToolResult result -> {
                node.put("role", "tool");
                node.put("content", result.content());
                node.put("tool_call_id", result.callId());
                node.put("tool_name", result.toolName());
                node.put("is_error", result.error());
            }
        }
        return node;
    }

    static ObjectNode run(RunView run) {
        ObjectNode node = Json.object();
        node.put("id", run.id());
        node.put("session_id", run.sessionId());
        node.put("state", run.state().wireName());
        node.put("trigger", run.trigger());
        node.put("message_seq", run.messageSeq());
        node.put("steps", run.steps());
        node.set("usage", usage(run.usage()));
        node.put("output", run.output());
        if (run.failureReason() != null || run.failureMessage() != null) {
            ObjectNode failure = node.putObject("failure");
            failure.put("reason", run.failureReason());
            failure.put("message", run.failureMessage());
        } else {
            node.putNull("failure");
        }
        node.put("created_at", time(run.createdAt()));
        node.put("updated_at", time(run.updatedAt()));
        node.put("last_seq", run.lastSeq());
        return node;
    }

    /**
     * A run with what it waits for: {@code pending_tool_calls}, the client tool calls the caller
     * has to answer, and {@code pending_approvals}, the approvals nobody has decided yet.
     */
    static ObjectNode run(RunView run, RunWaits waits) {
        ObjectNode node = run(run);
        ArrayNode calls = node.putArray("pending_tool_calls");
        for (SessionView.OpenCall call : waits.clientCalls()) {
            ObjectNode callNode = calls.addObject();
            callNode.put("call_id", call.callId());
            callNode.put("tool", call.tool());
            callNode.put("arguments", call.arguments());
            callNode.put("requested_at", time(call.requestedAt()));
        }
        ArrayNode approvals = node.putArray("pending_approvals");
        for (SessionView.Approval approval : waits.approvals()) {
            ObjectNode approvalNode = approvals.addObject();
            approvalNode.put("id", approval.id());
            approvalNode.put("call_id", approval.callId());
            approvalNode.put("tool", approval.tool());
            approvalNode.put("expires_at", time(approval.expiresAt()));
        }
        return node;
    }

    static ObjectNode approval(ApprovalRecord approval) {
        ObjectNode node = Json.object();
        node.put("id", approval.id());
        node.put("session_id", approval.sessionId());
        node.put("run_id", approval.runId());
        node.put("call_id", approval.callId());
        node.put("tool", approval.tool());
        node.put("arguments", approval.arguments());
        node.put("cause", approval.cause());
        node.put("status", approval.status().wireName());
        node.put("requested_at", time(approval.requestedAt()));
        node.put("expires_at", time(approval.expiresAt()));
        node.put("decided_at", time(approval.decidedAt()));
        node.put("decided_by", approval.decidedBy());
        node.put("reason", approval.reason());
        return node;
    }

    static ObjectNode runRecord(RunRecord run) {
        ObjectNode node = Json.object();
        node.put("id", run.id());
        node.put("session_id", run.sessionId());
        node.put("state", run.state().wireName());
        node.put("created_at", time(run.createdAt()));
        node.put("updated_at", time(run.updatedAt()));
        return node;
    }

    private static ObjectNode usage(Usage usage) {
        ObjectNode node = Json.object();
        node.put("input_tokens", usage.inputTokens());
        node.put("output_tokens", usage.outputTokens());
        node.put("total_tokens", usage.totalTokens());
        return node;
    }

    /** An event: its envelope ({@code seq, type, run_id, created_at}) followed by its payload's fields. */
    static ObjectNode event(Event event) {
        ObjectNode node = Json.object();
        node.put("seq", event.seq());
        node.put("type", event.type());
        node.put("run_id", event.runId());
        node.put("created_at", time(event.createdAt()));
        for (Map.Entry<String, JsonNode> field : Json.tree(event.payload()).properties()) {
            if (!node.has(field.getKey())) {
                node.set(field.getKey(), field.getValue());
            }
        }
        return node;
    }

    static ObjectNode tenant(Tenant tenant) {
        ObjectNode node = Json.object();
        node.put("id", tenant.id());
        node.put("name", tenant.name());
        node.put("created_at", time(tenant.createdAt()));
        return node;
    }

    /** A key's public fields: never its hash. */
    static ObjectNode key(ApiKey key) {
        ObjectNode node = Json.object();
        node.put("id", key.id());
        node.put("tenant_id", key.tenantId());
        node.put("role", key.role().wireName());
        node.put("name", key.name());
        node.put("created_at", time(key.createdAt()));
        return node;
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
