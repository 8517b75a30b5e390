package dev.cairn.core.runtime;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.store.ChangeFeed;
import dev.cairn.core.store.EventStore;
import dev.cairn.core.store.SessionChange;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes what other nodes commit into the paths this node's own commits take. For a session
 * someone here follows (an event stream, a caller waiting for a run), the events after the hub's
 * cursor are read from the store and fanned out as if committed here, so followers see them in
 * order and none is lost when an announcement is. A change that may give a worker something to do
 * (a run queued or cancelled, an approval decided, client tool outputs) kicks this node's worker
 * of the session, if it has one (a worker lingering on the idle session, or draining it), which then
 * drains again: the node that committed the change kicked its own workers already, and could not
 * take the lease only because such a worker held it. A node without a worker of the session leaves
 * it alone, so runs stay where they were posted; if the committing node's worker and the one
 * letting the session go miss each other, the run scanner finds the run within its interval. A
 * cancel request reaches the run at once when this node executes it. Called on the feed's thread,
 * one change at a time.
 */
final class RemoteCommits implements ChangeFeed.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteCommits.class);
    private static final int PAGE = 500;

    private final EventStore events;
    private final EventHub hub;
    private final RunWorkers workers;

    RemoteCommits(EventStore events, EventHub hub, RunWorkers workers) {
        this.events = events;
        this.hub = hub;
        this.workers = workers;
    }

    @Override
    public void changed(SessionChange change) {
        String sessionId = change.sessionId();
        OptionalLong cursor = hub.cursor(sessionId);
        boolean executing = change.schedules() && workers.executes(sessionId);
        try {
            if (cursor.isPresent() && cursor.getAsLong() < change.toSeq()) {
                catchUp(sessionId, cursor.getAsLong(), change.toSeq(), executing);
            } else if (executing) {
                stopCancelled(events.read(sessionId, change.fromSeq() - 1, (int) (change.toSeq() - change.fromSeq() + 1)));
            }
        } catch (RuntimeException e) {
            LOG.warn("reading what another node committed to session {} failed; the next change or resync reads it",
                    sessionId, e);
        }
        if (change.schedules() && workers.executes(sessionId)) {
            workers.kick(change.tenantId(), sessionId);
        }
    }

    @Override
    public void resync() {
        for (String sessionId : hub.followed()) {
            OptionalLong cursor = hub.cursor(sessionId);
            if (cursor.isPresent()) {
                try {
                    catchUp(sessionId, cursor.getAsLong(), Long.MAX_VALUE, workers.executes(sessionId));
                } catch (RuntimeException e) {
                    LOG.warn("catching up session {} after the change feed reconnected failed", sessionId, e);
                }
            }
        }
    }

    /** Fans out the session's stored events after {@code afterSeq}, through {@code toSeq}, page by page. */
    private void catchUp(String sessionId, long afterSeq, long toSeq, boolean executing) {
        long after = afterSeq;
        while (after < toSeq) {
            List<Event> page = events.read(sessionId, after, (int) Math.min(PAGE, toSeq - after));
            if (page.isEmpty()) {
                return;
            }
            hub.appended(page);
            if (executing) {
                stopCancelled(page);
            }
            after = page.getLast().seq();
        }
    }

    private void stopCancelled(List<Event> page) {
        for (Event event : page) {
            if (event.payload() instanceof EventPayload.RunCancelRequested requested) {
                workers.cancelHere(event.runId(), requested.reason());
            }
        }
    }
}
