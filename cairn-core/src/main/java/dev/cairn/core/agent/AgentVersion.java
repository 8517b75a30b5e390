package dev.cairn.core.agent;

import java.time.Instant;
import java.util.Objects;

/** One immutable version of a tenant's agent. */
public record AgentVersion(String tenantId, String name, int version, AgentSpec spec, Instant createdAt) {
    public AgentVersion {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(createdAt, "createdAt");
        if (version < 1) {
            throw new IllegalArgumentException("agent versions start at 1, got " + version);
        }
    }
}
