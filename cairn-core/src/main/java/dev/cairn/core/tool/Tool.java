package dev.cairn.core.tool;

import dev.cairn.core.model.ToolDefinition;

/**
 * Something an agent can call. Implementations are thread-safe: calls of one run may run
 * concurrently, and one instance may serve many sessions.
 */
public interface Tool {

    /** The name, description and input schema the model sees. */
    ToolDefinition definition();

    /** True when calling it twice with the same arguments and idempotency key has the effect of one call. */
    boolean idempotent();

    /**
     * True when a call has effects or reads outside Cairn that must be accounted for (a service,
     * a database, a program, another agent), so each call is recorded in the ledger. By default,
     * every tool that is not idempotent.
     */
    default boolean reachesOutside() {
        return !idempotent();
    }

    /**
     * Runs one call. Failures the model should hear about are returned as {@link ToolOutcome.Failure}
     * or thrown as {@link ToolInputException}; any other exception is recorded as a failed call too.
     */
    ToolOutcome call(ToolInvocation invocation) throws InterruptedException;
}
