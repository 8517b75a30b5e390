package dev.cairn.core.run;

import dev.cairn.core.ConflictException;

/** A run was asked to move to a state its current state does not lead to. */
public final class IllegalRunTransitionException extends ConflictException {

    public IllegalRunTransitionException(String runId, RunState from, RunState to) {
        super("run '" + runId + "' cannot go from " + from.wireName() + " to " + to.wireName());
    }

    @Override
    public String type() {
        return "invalid_run_state";
    }
}
