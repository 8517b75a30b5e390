package dev.cairn.core.store;

import dev.cairn.core.run.RunState;
import java.util.List;
import java.util.Optional;

/**
 * Finds runs without reading every log. The store updates it from {@code run.*} events in the
 * transaction that appends them, so it never disagrees with the log.
 */
public interface RunIndex {

    /** The run, if it exists and belongs to the tenant. */
    Optional<RunRecord> find(String tenantId, String runId);

    /** The tenant's runs, newest first, optionally filtered by session and state (null: any). */
    List<RunRecord> list(String tenantId, String sessionId, RunState state, int limit);

    /** Runs in any of the given states, across tenants, oldest first. */
    List<RunRecord> inStates(List<RunState> states, int limit);
}
