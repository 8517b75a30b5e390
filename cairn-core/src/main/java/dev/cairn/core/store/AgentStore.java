package dev.cairn.core.store;

import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.AgentVersion;
import java.util.List;
import java.util.Optional;

/** Immutable, versioned agent definitions. Thread-safe. */
public interface AgentStore {

    /**
     * Stores {@code spec} as the agent's next version, unless it equals the latest version, in
     * which case the latest is returned unchanged. Versions start at 1 and have no gaps.
     */
    AgentVersion put(String tenantId, AgentSpec spec);

    Optional<AgentVersion> latest(String tenantId, String name);

    Optional<AgentVersion> version(String tenantId, String name, int version);

    /** Every version of the agent, oldest first. */
    List<AgentVersion> versions(String tenantId, String name);

    /** The latest version of each of the tenant's agents, by name. */
    List<AgentVersion> list(String tenantId);
}
