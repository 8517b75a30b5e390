package dev.cairn.store.postgres;

import dev.cairn.core.event.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a session's log across the sessions it was forked from: the chain from the session up
 * to its root comes from one recursive query, then each link is read with one range scan of its
 * own events, oldest link first, and every event is relabelled with the session asked for.
 *
 * <p>Nothing is cached: another node may delete a session and reuse its id for a fork, so whether
 * a session is a fork is asked of the database at every read. Thread-safe.
 */
final class ForkChains {

    private static final String CHAIN = """
            WITH RECURSIVE chain (id, parent_id, fork_seq, depth) AS (
                SELECT id, parent_id, fork_seq, 0 FROM sessions WHERE id = ?
                UNION ALL
                SELECT s.id, s.parent_id, s.fork_seq, chain.depth + 1 FROM sessions s JOIN chain ON s.id = chain.parent_id
            )
            SELECT id, fork_seq FROM chain ORDER BY depth""";
    private static final String READ = "SELECT " + EventRows.COLUMNS
            + " FROM events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?";
    private static final String READ_UP_TO = "SELECT " + EventRows.COLUMNS
            + " FROM events WHERE session_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?";

    /** One session of a chain, and the sequence number it was forked at (0 for the root). */
    private record Link(String sessionId, long forkSeq) {
    }

    private final Database database;

    ForkChains(Database database) {
        this.database = database;
    }

    /** Up to {@code limit} events of the session's log after {@code afterSeq}, through its parents. */
    List<Event> read(String sessionId, long afterSeq, int limit) {
        List<Link> chain = database.list(CHAIN, row -> new Link(row.getString(1), row.getLong(2)), sessionId);
        if (chain.isEmpty()) {
            return List.of();
        }
        if (chain.size() == 1) {
            return database.list(READ, EventRows::decode, sessionId, afterSeq, limit);
        }
        // A link's events count up to the lowest fork point below it: a fork of a fork may cut
        // the history before its parent's own fork point.
        long[] upTo = new long[chain.size()];
        upTo[0] = Long.MAX_VALUE;
        for (int index = 1; index < chain.size(); index++) {
            upTo[index] = Math.min(upTo[index - 1], chain.get(index - 1).forkSeq());
        }
        List<Event> events = new ArrayList<>();
        long after = afterSeq;
        for (int index = chain.size() - 1; index >= 0 && events.size() < limit; index--) {
            Link link = chain.get(index);
            if (upTo[index] <= Math.max(after, link.forkSeq())) {
                continue;
            }
            List<Event> own = database.list(READ_UP_TO, EventRows::decode, link.sessionId(), Math.max(after, link.forkSeq()),
                    upTo[index], limit - events.size());
            for (Event event : own) {
                events.add(link.sessionId().equals(sessionId) ? event
                        : new Event(sessionId, event.seq(), event.runId(), event.createdAt(), event.payload()));
            }
            after = Math.max(after, upTo[index]);
        }
        return events;
    }
}
