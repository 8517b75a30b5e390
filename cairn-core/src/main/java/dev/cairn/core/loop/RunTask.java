package dev.cairn.core.loop;

import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.session.SessionLog;
import java.util.Objects;

/**
 * One run to execute, by the holder of its session's lease.
 *
 * @param tenantId     the session's tenant
 * @param runId        the run, already queued in the log
 * @param agent        the agent version the session is pinned to
 * @param log          the session's log
 * @param cancel       set to stop the run at its next step boundary
 * @param holderId     the worker holding the session's lease
 * @param fencingToken the lease's fencing token, carried by every append ({@code 0}: unfenced)
 * @param approvals    flood control for the approvals the run asks for
 */
public record RunTask(String tenantId, String runId, AgentVersion agent, SessionLog log, CancellationToken cancel,
                      String holderId, long fencingToken, ApprovalGate approvals) {

    /** A task whose approvals are not limited. */
    public RunTask(String tenantId, String runId, AgentVersion agent, SessionLog log, CancellationToken cancel,
                   String holderId, long fencingToken) {
        this(tenantId, runId, agent, log, cancel, holderId, fencingToken, ApprovalGate.UNLIMITED);
    }

    public RunTask {
        Objects.requireNonNull(approvals, "approvals");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(cancel, "cancel");
        Objects.requireNonNull(holderId, "holderId");
    }
}
