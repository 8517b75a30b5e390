package dev.cairn.store.jdbc;

import dev.cairn.core.ConflictException;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.LargeOutputs;
import dev.cairn.core.run.RunState;
import dev.cairn.core.store.SessionRecord;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whole sessions in and out of a store, each inside one write: a restore stores a session's
 * events, run index rows and blobs after the store has added the session's row; a delete removes
 * all of them (and blobs nobody else refers to) once the store has found the session's head. How
 * a store finds, locks or remembers a session's head stays with the store; with the write around
 * it, either happens entirely or not at all.
 */
public final class SessionTransfers {

    /** Writes one event to the log inside the ongoing write, the way the store writes appends. */
    @FunctionalInterface
    public interface EventWriter {
        void insert(Event event) throws SQLException;
    }

    /** The run index states of runs that have not ended, as a SQL list. */
    public static final String OPEN_STATES = Arrays.stream(RunState.values()).filter(state -> !state.terminal())
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
    public static void checkRestorable(SessionRecord session, List<Event> events, List<LargeOutputs.Blob> blobs) {
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

    /**
     * Stores a restored session's events, which {@link #checkRestorable} accepted, with {@code log},
     * and their run index rows and blobs; the session's row must be in already. A run of the log
     * that another session holds fails the write with a {@link ConflictException}.
     */
    public static void restoreLog(SqlTransaction transaction, SessionRecord session, List<Event> events,
                                  List<LargeOutputs.Blob> blobs, EventWriter log) throws SQLException {
        for (Event event : events) {
            if (event.payload() instanceof EventPayload.RunQueued
                    && transaction.first(RUN_EXISTS, row -> true, event.runId()).isPresent()) {
                throw new ConflictException("run '" + event.runId() + "' of session '" + session.id() + "' already exists");
            }
        }
        Map<String, LargeOutputs.Blob> byHash = byHash(blobs);
        for (Event event : events) {
            log.insert(event);
            RunIndexUpdates.follow(transaction, session.tenantId(), event);
            Optional<String> hash = LargeOutputs.reference(event.payload());
            if (hash.isPresent()) {
                BlobRows.put(transaction, session.id(), byHash.get(hash.get()));
            }
        }
    }

    /**
     * Deletes the session whose last sequence number the store found to be {@code lastSeq}: its
     * events, run index rows, lease and row, and the blobs only it referred to. Fails the write
     * with a {@link ConflictException} when {@code lastSeq} is not {@code expectedLastSeq}, when
     * a fork holds its history, or when one of its runs has not ended.
     */
    public static void deleteRows(SqlTransaction transaction, String sessionId, long lastSeq, long expectedLastSeq)
            throws SQLException {
        if (lastSeq != expectedLastSeq) {
            throw new ConflictException("session '" + sessionId + "' has events after " + expectedLastSeq
                    + " (its last is " + lastSeq + "); it was not deleted");
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
