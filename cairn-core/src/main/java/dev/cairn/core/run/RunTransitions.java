package dev.cairn.core.run;

import static dev.cairn.core.run.RunState.AWAITING_APPROVAL;
import static dev.cairn.core.run.RunState.AWAITING_CLIENT_TOOL;
import static dev.cairn.core.run.RunState.CANCELLED;
import static dev.cairn.core.run.RunState.COMPLETED;
import static dev.cairn.core.run.RunState.EXPIRED;
import static dev.cairn.core.run.RunState.FAILED;
import static dev.cairn.core.run.RunState.QUEUED;
import static dev.cairn.core.run.RunState.RUNNING;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The run lifecycle as an explicit table: for each state, the states a run may move to.
 *
 * <pre>
 * queued            -> running | cancelled | expired
 * running           -> awaiting_approval | awaiting_client_tool | completed | failed | cancelled | expired
 * awaiting_approval -> running | failed | cancelled | expired
 * awaiting_client_tool -> running | failed | cancelled | expired
 * completed, failed, cancelled, expired -> (none)
 * </pre>
 */
public final class RunTransitions {

    private static final Map<RunState, Set<RunState>> ALLOWED = new EnumMap<>(RunState.class);

    static {
        ALLOWED.put(QUEUED, EnumSet.of(RUNNING, CANCELLED, EXPIRED));
        ALLOWED.put(RUNNING, EnumSet.of(AWAITING_APPROVAL, AWAITING_CLIENT_TOOL, COMPLETED, FAILED, CANCELLED, EXPIRED));
        ALLOWED.put(AWAITING_APPROVAL, EnumSet.of(RUNNING, FAILED, CANCELLED, EXPIRED));
        ALLOWED.put(AWAITING_CLIENT_TOOL, EnumSet.of(RUNNING, FAILED, CANCELLED, EXPIRED));
        for (RunState state : RunState.values()) {
            if (state.terminal()) {
                ALLOWED.put(state, EnumSet.noneOf(RunState.class));
            }
        }
    }

    private RunTransitions() {
    }

    public static boolean allowed(RunState from, RunState to) {
        return ALLOWED.get(from).contains(to);
    }

    /** The states {@code from} may move to. */
    public static Set<RunState> next(RunState from) {
        return Set.copyOf(ALLOWED.get(from));
    }

    /**
     * Checks a move.
     *
     * @throws IllegalRunTransitionException when the table does not allow it
     */
    public static RunState check(String runId, RunState from, RunState to) {
        if (!allowed(from, to)) {
            throw new IllegalRunTransitionException(runId, from, to);
        }
        return to;
    }
}
