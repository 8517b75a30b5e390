package dev.cairn.core.store;

import java.util.List;
import java.util.Optional;

/** The index of sessions. Thread-safe. */
public interface SessionStore {

    /**
     * Creates the session's index row and appends its first event ({@code session.created}) in
     * one transaction.
     */
    void create(SessionRecord session);

    /** The session, if it exists and belongs to the tenant. */
    Optional<SessionRecord> find(String tenantId, String sessionId);

    /** The tenant's sessions, newest first, optionally only those of one agent. */
    List<SessionRecord> list(String tenantId, String agent, int limit);
}
