package dev.cairn.core.runtime;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.session.SessionLog;
import dev.cairn.core.session.SessionView;
import java.util.List;
import java.util.Optional;

/**
 * Moves a session to another agent version, recorded in its log as {@code session.agent_moved}
 * naming both versions. The log is what pins a session: runs queued after the move use the new
 * version, runs queued before it keep theirs, and a fork takes the version its history was on at
 * the fork point. The session's index row keeps the agent it was created with.
 */
final class SessionMoves {

    private SessionMoves() {
    }

    /** The event that moves the session {@code view} shows to {@code target}; none when it is there already. */
    static List<NewEvent> moveEvents(SessionView view, AgentVersion target) {
        if (target == null || target.name().equals(view.agent()) && target.version() == view.agentVersion()) {
            return List.of();
        }
        return List.of(NewEvent.of(new EventPayload.SessionAgentMoved(target.name(), target.version(), view.agent(),
                view.agentVersion())));
    }

    /** Moves the session whose log is {@code log} to {@code target}, unless it is there already. */
    static Optional<Event> move(SessionLog log, String tenantId, AgentVersion target) {
        if (!target.tenantId().equals(tenantId)) {
            throw new InvalidRequestException("agent '" + target.name() + "' belongs to another tenant");
        }
        return log.update(view -> moveEvents(view, target)).stream().findFirst();
    }

    /**
     * Throws when a user message follows {@code afterSeq} in the session {@code view} shows.
     *
     * @throws SessionWentOnException when one does
     */
    static void requireNothingAfter(SessionView view, long afterSeq) {
        if (afterSeq != Continuation.ANYWHERE && view.lastUserMessageSeq() > afterSeq) {
            throw new SessionWentOnException(view.sessionId(), afterSeq, view.lastUserMessageSeq());
        }
    }
}
