package dev.cairn.core.store;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.LargeOutputs;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The index of sessions. Thread-safe; every write is durable when the method returns. */
public interface SessionStore {

    /**
     * Creates the session's index row and appends its first event ({@code session.created}) in
     * one transaction.
     */
    void create(SessionRecord session);

    /**
     * Creates a fork of the session {@code fork.forkedFrom()} names: the fork's index row, naming
     * its parent and fork point, and its first own event, {@code session.forked} at the fork
     * point plus one, in one transaction. From then on the fork's log reads as the parent's events
     * up to the fork point followed by the fork's own (see {@link EventStore}); the parent is
     * not changed, and the parent cannot be deleted while the fork exists.
     *
     * @throws dev.cairn.core.NotFoundException when the parent does not exist in the fork's tenant
     * @throws dev.cairn.core.InvalidRequestException when the fork point is past the parent's last event
     * @throws dev.cairn.core.ConflictException when a session with the fork's id exists
     */
    void fork(SessionRecord fork);

    /** The session, if it exists and belongs to the tenant. */
    Optional<SessionRecord> find(String tenantId, String sessionId);

    /** The tenant's sessions, newest first, optionally only those of one agent. */
    List<SessionRecord> list(String tenantId, String agent, int limit);

    /**
     * Stores a whole session at once, as an import does: its index row, its events as given
     * (numbered 1 to n, with their own times; the run index follows them) and the blobs its
     * events refer to. Either all of it is stored or nothing is.
     *
     * @throws dev.cairn.core.ConflictException when the session's id, or the id of one of its
     *     runs, is taken
     * @throws dev.cairn.core.InvalidRequestException when the session is a fork, its events are
     *     not numbered 1 to n or belong to another session, or an event refers to a blob not given
     */
    void restore(SessionRecord session, List<Event> events, List<LargeOutputs.Blob> blobs);

    /**
     * Up to {@code limit} sessions of one agent version that may be archived, oldest activity
     * first: their last event is older than {@code idleBefore}, the run index shows no open run,
     * and no fork depends on them.
     */
    List<SessionRecord> archivable(String tenantId, String agent, int agentVersion, Instant idleBefore, int limit);

    /**
     * Deletes a session and everything stored for it (its events, run index rows, lease, and the
     * blobs no other session refers to) in one transaction, provided its log still ends at
     * {@code expectedLastSeq}.
     *
     * @throws dev.cairn.core.NotFoundException when the session does not exist in the tenant
     * @throws dev.cairn.core.ConflictException when its log has grown, one of its runs is open,
     *     or a fork depends on it; nothing is deleted
     */
    void delete(String tenantId, String sessionId, long expectedLastSeq);
}
