package dev.cairn.core.store;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import java.util.List;
import java.util.Objects;

/**
 * One committed batch of a session's log, as a {@link ChangeFeed} announces it to other nodes:
 * which session, which sequence numbers, and whether the batch may give a worker something to do.
 * Never the events themselves: a node that cares reads them from the store.
 *
 * @param tenantId  the session's tenant
 * @param sessionId the session
 * @param fromSeq   the first sequence number of the batch (at least 1)
 * @param toSeq     its last sequence number (at least {@code fromSeq})
 * @param schedules true when the batch queues a run, cancels one or asks to, decides an approval,
 *                  or hands a run its client tool outputs: a worker may have to start, go on or stop
 */
public record SessionChange(String tenantId, String sessionId, long fromSeq, long toSeq, boolean schedules) {

    public SessionChange {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(sessionId, "sessionId");
        if (fromSeq < 1 || toSeq < fromSeq) {
            throw new IllegalArgumentException("a session change covers sequence numbers from 1 on, first to last; got "
                    + fromSeq + " to " + toSeq);
        }
    }

    /**
     * The change a batch of one session's events makes.
     *
     * @throws IllegalArgumentException when the batch is empty or its events belong to several sessions
     */
    public static SessionChange of(String tenantId, List<Event> batch) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("a session change needs at least one event");
        }
        String sessionId = batch.getFirst().sessionId();
        boolean schedules = false;
        for (Event event : batch) {
            if (!event.sessionId().equals(sessionId)) {
                throw new IllegalArgumentException("a session change holds one session's events, got '" + sessionId
                        + "' and '" + event.sessionId() + "'");
            }
            schedules |= schedules(event.payload());
        }
        return new SessionChange(tenantId, sessionId, batch.getFirst().seq(), batch.getLast().seq(), schedules);
    }

    private static boolean schedules(EventPayload payload) {
        return payload instanceof EventPayload.RunQueued || payload instanceof EventPayload.RunCancelRequested
                || payload instanceof EventPayload.RunCancelled || payload instanceof EventPayload.ApprovalDecided
                || payload instanceof EventPayload.RunResumedByClient;
    }
}
