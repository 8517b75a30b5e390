package dev.cairn.core.store;

import dev.cairn.core.run.RunState;
import java.time.Instant;
import java.util.Objects;

/**
 * The index row of a run, kept in step with the run's events in the same transaction. The run's
 * full state is derived from the session's log.
 */
public record RunRecord(String id, String tenantId, String sessionId, RunState state, Instant createdAt, Instant updatedAt) {
    public RunRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
