package dev.cairn.core.run;

import java.util.Locale;

/**
 * Where a run is in its life. The allowed moves between states are in {@link RunTransitions}.
 */
public enum RunState {
    QUEUED,
    RUNNING,
    AWAITING_APPROVAL,
    AWAITING_CLIENT_TOOL,
    COMPLETED,
    FAILED,
    CANCELLED,
    EXPIRED;

    /** True for states a run never leaves. */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED || this == EXPIRED;
    }

    /** The state's name on the wire and in storage: {@code awaiting_approval}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunState parse(String wireName) {
        for (RunState state : values()) {
            if (state.wireName().equals(wireName)) {
                return state;
            }
        }
        throw new IllegalArgumentException("run state '" + wireName + "' is unknown");
    }
}
