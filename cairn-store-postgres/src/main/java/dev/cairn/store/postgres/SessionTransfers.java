package dev.cairn.store.postgres;

import dev.cairn.core.ConflictException;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.LargeOutputs;
import dev.cairn.core.run.RunState;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.store.jdbc.BlobRows;
import dev.cairn.store.jdbc.RunIndexUpdates;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whole sessions in and out of the store, each in one transaction: a restore stores a session's
 * row, events, run index rows and blobs; a delete removes all of them (and blobs nobody else
 * refers to). Either happens entirely or not at all.
 */
final class SessionTransfers {

    /** The run index states of runs that have not ended, as a SQL list. */
    static final String OPEN_STATES = Arrays.stream(RunState.values()).filter(state -> !state.terminal())
            .map(state -> "'" + state.wireName() + "'").collect(Collectors.joining(", "));

    private static final String RUN_EXISTS = "SELECT 1 FROM runs WHERE id = ?";
    private static final String OPEN_RUN = "SELECT id FROM runs WHERE session_id = ? AND state IN (" + OPEN_STATES + ") LIMIT 1";
    private static final String A_FORK = "SELECT id FROM sessions WHERE parent_id = ? LIMIT 1";
    private static final String[] DELETES = {
            "DELETE FROM events WHERE session_id = ?",
            "DELETE FROM runs WHERE session_id = ?",
            "DELETE FROM leases WHERE session_id = ?",
            "DELETE FROM sessions WHERE id = ?"};

    private SessionTransfers() {
    }

    /** Checks what can be checked before the write: numbering, ownership and blob hashes. */
    static void checkRestorable(SessionRecord session, List<Event> events, List<LargeOutputs.Blob> blobs) {
        if (session.forkedFrom() != null) {
            throw new InvalidRequestException("a restored session holds its whole log and is no fork; '"
                    + session.id() + "' names a parent");
        }
        if (events.isEmpty()) {
            throw new InvalidRequestException("session '" + session.id() + "' has no events to restore");
        }
        Map<String, LargeOutputs.Blob> byHash = byHash(blobs);
        for (int index = 0; index < events.size(); index++) {
            Event event = events.get(index);
            if (!event.sessionId().equals(session.id()) || event.seq() != index + 1) {
                throw new InvalidRequestException("restored events must be session '" + session.id()
                        + "''s events 1 to " + events.size() + " in order; event " + (index + 1) + " is "
                        + event.sessionId() + "#" + event.seq());
            }
            LargeOutputs.reference(event.payload()).filter(hash -> !byHash.containsKey(hash)).ifPresent(hash -> {
                throw new InvalidRequestException("event " + event.seq() + " refers to blob " + hash + ", which is not given");
            });
        }
    }

    private static Map<String, LargeOutputs.Blob> byHash(List<LargeOutputs.Blob> blobs) {
        Map<String, LargeOutputs.Blob> byHash = new HashMap<>();
        for (LargeOutputs.Blob blob : blobs) {
            if (!LargeOutputs.sha256(blob.content()).equals(blob.sha256())) {
                throw new InvalidRequestException("blob " + blob.sha256() + " does not hold content with that SHA-256");
            }
            byHash.put(blob.sha256(), blob);
        }
        return byHash;
    }

    static Void restore(Transaction transaction, SessionRecord session, List<Event> events,
                        List<LargeOutputs.Blob> blobs) throws SQLException {
        PostgresSessionStore.insertRow(transaction, session);
        for (Event event : events) {
            if (event.payload() instanceof EventPayload.RunQueued
                    && transaction.first(RUN_EXISTS, row -> true, event.runId()).isPresent()) {
                throw new ConflictException("run '" + event.runId() + "' of session '" + session.id() + "' already exists");
            }
        }
        Map<String, LargeOutputs.Blob> byHash = byHash(blobs);
        for (Event event : events) {
            EventRows.insert(transaction, event);
            RunIndexUpdates.follow(transaction, session.tenantId(), event);
            Optional<String> hash = LargeOutputs.reference(event.payload());
            if (hash.isPresent()) {
                BlobRows.put(transaction, session.id(), byHash.get(hash.get()));
            }
        }
        return null;
    }

    static void delete(Transaction transaction, String tenantId, String sessionId, long expectedLastSeq)
            throws SQLException {
        Transaction.Head head = transaction.lockSession(sessionId)
                .filter(found -> found.tenantId().equals(tenantId))
                .orElseThrow(() -> new NotFoundException("session", sessionId));
        if (head.lastSeq() != expectedLastSeq) {
            throw new ConflictException("session '" + sessionId + "' has events after " + expectedLastSeq
                    + " (its last is " + head.lastSeq() + "); it was not deleted");
        }
        Optional<String> fork = transaction.first(A_FORK, row -> row.getString(1), sessionId);
        if (fork.isPresent()) {
            throw new ConflictException("session '" + sessionId + "' has a fork, '" + fork.get()
                    + "', whose history it holds; it was not deleted");
        }
        Optional<String> openRun = transaction.first(OPEN_RUN, row -> row.getString(1), sessionId);
        if (openRun.isPresent()) {
            throw new ConflictException("session '" + sessionId + "' has an open run, '" + openRun.get()
                    + "'; it was not deleted");
        }
        BlobRows.release(transaction, sessionId);
        for (String delete : DELETES) {
            transaction.update(delete, sessionId);
        }
    }
}
