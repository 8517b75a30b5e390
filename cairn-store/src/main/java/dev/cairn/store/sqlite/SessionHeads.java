package dev.cairn.store.sqlite;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The writer's cache of each session's tenant and last sequence number, in three layers: what is
 * committed, what earlier writes of the open group changed, and what the running write changed.
 * A write's changes reach the group only if its savepoint is released, and the committed layer
 * only once the group commits, so the cache never runs ahead of the database.
 *
 * <p>Confined to the writer thread.
 */
final class SessionHeads {

    /** A session's tenant and its last sequence number (0 before its first event). */
    record Head(String tenantId, long lastSeq) {
        Head advancedTo(long seq) {
            return new Head(tenantId, seq);
        }
    }

    /** Reads a head from the database when no layer knows it. */
    @FunctionalInterface
    interface Loader {
        Optional<Head> load(String sessionId) throws java.sql.SQLException;
    }

    /** Marks a session deleted by a write of this process, so a stale layer below cannot revive it. */
    private static final Head DELETED = new Head("", -1);

    private final Map<String, Head> committed;
    private final Map<String, Head> group = new HashMap<>();
    private final Map<String, Head> write = new HashMap<>();

    SessionHeads(int capacity) {
        this.committed = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Head> eldest) {
                return size() > capacity;
            }
        };
    }

    Optional<Head> find(String sessionId, Loader loader) throws java.sql.SQLException {
        Head head = write.get(sessionId);
        if (head == null) {
            head = group.get(sessionId);
        }
        if (head == null) {
            head = committed.get(sessionId);
        }
        if (head == DELETED) {
            return Optional.empty();
        }
        if (head != null) {
            return Optional.of(head);
        }
        Optional<Head> loaded = loader.load(sessionId);
        loaded.ifPresent(found -> write.put(sessionId, found));
        return loaded;
    }

    void put(String sessionId, Head head) {
        write.put(sessionId, head);
    }

    /** The session was deleted by the running write. */
    void remove(String sessionId) {
        write.put(sessionId, DELETED);
    }

    void writeSucceeded() {
        group.putAll(write);
        write.clear();
    }

    void writeFailed() {
        write.clear();
    }

    void groupCommitted() {
        committed.putAll(group);
        group.clear();
    }

    /** After a failed commit nothing cached can be trusted: start again from the database. */
    void reset() {
        write.clear();
        group.clear();
        committed.clear();
    }
}
