package dev.cairn.core.tool;

import dev.cairn.core.agent.ToolEntry;
import java.time.Duration;
import java.util.Objects;

/**
 * How the loop treats calls of one of an agent's tools, from the tool's entry.
 *
 * @param requiresApproval    a person decides each call before it runs ({@code policy: require_approval})
 * @param approvalTimeout     how long a request for approval waits before it counts as denied
 * @param askOnUnknownOutcome a person decides whether to call it again when its outcome was lost
 *                            ({@code on_unknown_outcome: ask}); otherwise the model is told
 * @param client              the caller executes it ({@code client: true})
 */
public record ToolPolicy(boolean requiresApproval, Duration approvalTimeout, boolean askOnUnknownOutcome, boolean client) {

    /** Calls run at once; a lost outcome is told to the model. */
    public static final ToolPolicy ALLOW = new ToolPolicy(false, ToolEntry.DEFAULT_APPROVAL_TIMEOUT, false, false);

    public ToolPolicy {
        Objects.requireNonNull(approvalTimeout, "approvalTimeout");
    }

    /** The policy a (validated) entry describes. */
    public static ToolPolicy of(ToolEntry entry) {
        return new ToolPolicy("require_approval".equals(entry.policyOrDefault()), entry.approvalTimeoutOrDefault(),
                entry.asksOnUnknownOutcome(), entry.executedByClient());
    }
}
