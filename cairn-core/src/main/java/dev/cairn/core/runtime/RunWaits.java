package dev.cairn.core.runtime;

import dev.cairn.core.session.SessionView;
import java.util.List;

/**
 * What a run waits for, derived from its session's log.
 *
 * @param clientCalls client tool calls handed to the caller that have no output yet
 * @param approvals   approvals the run asked for that nobody has decided yet
 */
public record RunWaits(List<SessionView.OpenCall> clientCalls, List<SessionView.Approval> approvals) {
    public RunWaits {
        clientCalls = List.copyOf(clientCalls);
        approvals = List.copyOf(approvals);
    }
}
