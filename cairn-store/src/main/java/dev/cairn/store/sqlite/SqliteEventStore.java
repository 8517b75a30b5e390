package dev.cairn.store.sqlite;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.store.AppendConflictException;
import dev.cairn.core.store.EventStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** The event log: appends go through the group-commit writer, reads through the read pool. */
final class SqliteEventStore implements EventStore {

    private static final String READ = "SELECT " + EventRows.COLUMNS
            + " FROM events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?";
    private static final String LAST_SEQ = "SELECT coalesce(max(seq), 0) FROM events WHERE session_id = ?";

    private final GroupCommitWriter writer;
    private final ReadPool readers;

    SqliteEventStore(GroupCommitWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public CompletableFuture<List<Event>> append(String sessionId, long expectedLastSeq, List<NewEvent> events) {
        Objects.requireNonNull(sessionId, "sessionId");
        List<NewEvent> batch = List.copyOf(events);
        if (batch.isEmpty()) {
            return CompletableFuture.failedFuture(new InvalidRequestException("an append needs at least one event"));
        }
        if (expectedLastSeq < 0) {
            return CompletableFuture.failedFuture(new InvalidRequestException(
                    "expected last sequence cannot be negative, got " + expectedLastSeq));
        }
        return writer.submit(transaction -> append(transaction, sessionId, expectedLastSeq, batch));
    }

    static List<Event> append(WriteTransaction transaction, String sessionId, long expectedLastSeq,
                              List<NewEvent> batch) throws SQLException {
        SessionHeads.Head head = transaction.sessionHead(sessionId)
                .orElseThrow(() -> new NotFoundException("session", sessionId));
        if (head.lastSeq() != expectedLastSeq) {
            throw new AppendConflictException(sessionId, expectedLastSeq, head.lastSeq());
        }
        Instant now = transaction.now();
        List<Event> stored = new ArrayList<>(batch.size());
        long seq = expectedLastSeq;
        for (NewEvent newEvent : batch) {
            Event event = new Event(sessionId, ++seq, newEvent.runId(), now, newEvent.payload());
            EventRows.insert(transaction, event);
            RunIndexUpdates.follow(transaction, head.tenantId(), event);
            stored.add(event);
        }
        transaction.sessionHead(sessionId, head.advancedTo(seq));
        transaction.publish(stored);
        return List.copyOf(stored);
    }

    @Override
    public List<Event> read(String sessionId, long afterSeq, int limit) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (limit < 0) {
            throw new InvalidRequestException("limit cannot be negative, got " + limit);
        }
        return readers.list(READ, EventRows::decode, sessionId, afterSeq, limit);
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
