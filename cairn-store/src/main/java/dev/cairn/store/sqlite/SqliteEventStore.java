package dev.cairn.store.sqlite;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.LargeOutputs;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.store.AppendConflictException;
import dev.cairn.core.store.EventStore;
import dev.cairn.store.jdbc.ApprovalIndexUpdates;
import dev.cairn.store.jdbc.BlobRows;
import dev.cairn.store.jdbc.JobQueueUpdates;
import dev.cairn.store.jdbc.RunIndexUpdates;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The event log: appends go through the group-commit writer, reads through the read pool. A fenced
 * append checks its token against the {@code leases} table in its own write task, so the check
 * and the append share one savepoint and one commit. Large outputs are compacted, and their blobs
 * stored, in the append's own write task too; reads follow forks through {@link ForkChains}.
 */
final class SqliteEventStore implements EventStore {

    /** The fencing token of an append that no lease guards. */
    private static final long UNFENCED = 0;
    private static final String LAST_SEQ = "SELECT coalesce(max(seq), 0) FROM events WHERE session_id = ?";

    private final GroupCommitWriter writer;
    private final ReadPool readers;
    private final ForkChains chains;

    SqliteEventStore(GroupCommitWriter writer, ReadPool readers, ForkChains chains) {
        this.writer = writer;
        this.readers = readers;
        this.chains = chains;
    }

    @Override
    public CompletableFuture<List<Event>> append(String sessionId, long expectedLastSeq, List<NewEvent> events) {
        return submitAppend(sessionId, expectedLastSeq, events, UNFENCED);
    }

    /** A fencing token of 0 makes the append unfenced, as {@link #appendAndWait} documents. */
    @Override
    public CompletableFuture<List<Event>> append(String sessionId, long expectedLastSeq, List<NewEvent> events,
                                                 long fencingToken) {
        if (fencingToken < 0) {
            return CompletableFuture.failedFuture(new InvalidRequestException(
                    "a fencing token cannot be negative, got " + fencingToken));
        }
        return submitAppend(sessionId, expectedLastSeq, events, fencingToken);
    }

    private CompletableFuture<List<Event>> submitAppend(String sessionId, long expectedLastSeq, List<NewEvent> events,
                                                        long fencingToken) {
        Objects.requireNonNull(sessionId, "sessionId");
        List<NewEvent> batch = List.copyOf(events);
        if (batch.isEmpty()) {
            return CompletableFuture.failedFuture(new InvalidRequestException("an append needs at least one event"));
        }
        if (expectedLastSeq < 0) {
            return CompletableFuture.failedFuture(new InvalidRequestException(
                    "expected last sequence cannot be negative, got " + expectedLastSeq));
        }
        return writer.submit(transaction -> append(transaction, sessionId, expectedLastSeq, batch, fencingToken));
    }

    /**
     * Stores the batch after checking, in this order, that the session exists, that the fencing
     * token (unless {@link #UNFENCED}) is the session's current one, and that its last sequence is
     * the expected one; a writer that lost its lease thus hears that, not a conflict to retry.
     */
    private static List<Event> append(WriteTransaction transaction, String sessionId, long expectedLastSeq,
                                      List<NewEvent> batch, long fencingToken) throws SQLException {
        SessionHeads.Head head = transaction.sessionHead(sessionId)
                .orElseThrow(() -> new NotFoundException("session", sessionId));
        if (fencingToken != UNFENCED) {
            SqliteLeaseStore.checkFence(transaction, sessionId, fencingToken);
        }
        if (head.lastSeq() != expectedLastSeq) {
            throw new AppendConflictException(sessionId, expectedLastSeq, head.lastSeq());
        }
        Instant now = transaction.now();
        List<Event> stored = new ArrayList<>(batch.size());
        long seq = expectedLastSeq;
        for (NewEvent newEvent : batch) {
            EventPayload payload = storedForm(transaction, sessionId, newEvent.payload());
            Event event = new Event(sessionId, ++seq, newEvent.runId(), now, payload);
            EventRows.insert(transaction, event);
            ApprovalIndexUpdates.follow(transaction, head.tenantId(), event);
            RunIndexUpdates.follow(transaction, head.tenantId(), event);
            JobQueueUpdates.follow(transaction, head.tenantId(), event);
            stored.add(event);
        }
        transaction.sessionHead(sessionId, head.advancedTo(seq));
        transaction.publish(stored);
        return List.copyOf(stored);
    }

    /** The payload as stored: a large output is cut short and its whole text stored once as a blob. */
    private static EventPayload storedForm(WriteTransaction transaction, String sessionId, EventPayload payload)
            throws SQLException {
        if (LargeOutputs.reference(payload).isPresent()) {
            // A reference is made here, from the output itself; one handed in could name a blob of another tenant.
            throw new InvalidRequestException("a tool.completed event with an output_ref cannot be appended; "
                    + "append the whole output and the store keeps it as a blob");
        }
        LargeOutputs.Compacted compacted = LargeOutputs.compact(payload);
        if (compacted.blob() != null) {
            BlobRows.put(transaction, sessionId, compacted.blob());
        }
        return compacted.payload();
    }

    @Override
    public List<Event> read(String sessionId, long afterSeq, int limit) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (limit < 0) {
            throw new InvalidRequestException("limit cannot be negative, got " + limit);
        }
        return chains.read(sessionId, afterSeq, limit);
    }

    @Override
    public long lastSeq(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        return readers.first(LAST_SEQ, row -> row.getLong(1), sessionId).orElse(0L);
    }

    @Override
    public void addListener(AppendListener listener) {
        writer.addListener(Objects.requireNonNull(listener, "listener"));
    }
}
