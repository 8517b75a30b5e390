package dev.cairn.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The index row of a session: who owns it and which agent version it is pinned to. The session's
 * content is its event log.
 */
public record SessionRecord(String id, String tenantId, String agent, int agentVersion, String userId,
                            JsonNode metadata, Instant createdAt) {
    public SessionRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(createdAt, "createdAt");
        if (agentVersion < 1) {
            throw new IllegalArgumentException("agent versions start at 1, got " + agentVersion);
        }
    }
}
