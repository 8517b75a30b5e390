package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.memory.MemoryItem;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.MemoryScope;
import dev.cairn.core.memory.MemoryVersion;

/** The JSON shapes of long-term memory items and their versions, as {@link Wire} does for the rest. */
final class MemoryWire {

    private MemoryWire() {
    }

    /**
     * {@code {id, scope, user_id, agent, namespace, kind, text, metadata, source, version, status,
     * superseded_by, embedding_model, created_at, updated_at}}; {@code user_id} and {@code agent} are
     * null unless the scope is theirs.
     */
    static ObjectNode item(MemoryItem item) {
        ObjectNode node = Json.object();
        node.put("id", item.id());
        MemoryOwner owner = item.owner();
        node.put("scope", owner.scope().wireName());
        node.put("user_id", owner.scope() == MemoryScope.USER ? owner.key() : null);
        node.put("agent", owner.scope() == MemoryScope.AGENT ? owner.key() : null);
        node.put("namespace", item.namespace());
        node.put("kind", item.kind().wireName());
        node.put("text", item.text());
        node.set("metadata", item.metadata());
        ObjectNode source = node.putObject("source");
        source.put("session_id", item.source().sessionId());
        ArrayNode seqs = source.putArray("event_seqs");
        item.source().eventSeqs().forEach(seqs::add);
        source.put("run_id", item.source().runId());
        node.put("version", item.version());
        node.put("status", item.status().wireName());
        node.put("superseded_by", item.supersededBy());
        node.put("embedding_model", item.embeddingModel());
        node.put("created_at", Wire.time(item.createdAt()));
        node.put("updated_at", Wire.time(item.updatedAt()));
        return node;
    }

    /** {@code {version, kind, text, metadata, status, superseded_by, valid_from, valid_until}}. */
    static ObjectNode version(MemoryVersion version) {
        ObjectNode node = Json.object();
        node.put("version", version.version());
        node.put("kind", version.kind().wireName());
        node.put("text", version.text());
        node.set("metadata", version.metadata());
        node.put("status", version.status().wireName());
        node.put("superseded_by", version.supersededBy());
        node.put("valid_from", Wire.time(version.validFrom()));
        node.put("valid_until", Wire.time(version.validUntil()));
        return node;
    }
}
