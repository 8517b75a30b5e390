package dev.cairn.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The index row of a session: who owns it and which agent version it is pinned to. The session's
 * content is its event log.
 *
 * @param forkedFrom where the session was forked from, or null for a session that began empty
 */
public record SessionRecord(String id, String tenantId, String agent, int agentVersion, String userId,
                            JsonNode metadata, Instant createdAt, ForkPoint forkedFrom) {
    public SessionRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(createdAt, "createdAt");
        if (agentVersion < 1) {
            throw new IllegalArgumentException("agent versions start at 1, got " + agentVersion);
        }
        if (forkedFrom != null && forkedFrom.sessionId().equals(id)) {
            throw new IllegalArgumentException("session '" + id + "' cannot be forked from itself");
        }
    }

    /** A session that began with an empty log. */
    public SessionRecord(String id, String tenantId, String agent, int agentVersion, String userId, JsonNode metadata,
                         Instant createdAt) {
        this(id, tenantId, agent, agentVersion, userId, metadata, createdAt, null);
    }

    /**
     * Where a fork's history comes from: its log begins with events 1 to {@code atSeq} of session
     * {@code sessionId} (which may itself be a fork).
     */
    public record ForkPoint(String sessionId, long atSeq) {
        public ForkPoint {
            Objects.requireNonNull(sessionId, "sessionId");
            if (atSeq < 1) {
                throw new IllegalArgumentException("a fork point is a sequence number of at least 1, got " + atSeq);
            }
        }
    }
}
