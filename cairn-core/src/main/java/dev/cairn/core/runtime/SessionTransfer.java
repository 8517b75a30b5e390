package dev.cairn.core.runtime;

import dev.cairn.core.ConflictException;
import dev.cairn.core.IdGenerator;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.archive.SessionExport;
import dev.cairn.core.archive.SessionImport;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.run.RunView;
import dev.cairn.core.session.SessionView;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Sessions out of and into the store: exports (see {@link SessionExport}), imports, and forks,
 * which share their parent's history up to a point where no run is open. Thread-safe.
 */
final class SessionTransfer {

    /** An id kept on import must also be safe as a file and folder name. */
    private static final Pattern KEEPABLE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final Store store;
    private final IdGenerator ids;
    private final Clock clock;

    SessionTransfer(Store store, IdGenerator ids, Clock clock) {
        this.store = store;
        this.ids = ids;
        this.clock = clock;
    }

    /** Writes the session's export; answers the sequence number of its last event written. */
    long export(SessionRecord session, OutputStream out) throws IOException {
        return SessionExport.write(session, (after, limit) -> store.events().read(session.id(), after, limit),
                sha256 -> store.blobs().read(session.tenantId(), sha256, 0, Integer.MAX_VALUE)
                        .orElseThrow(() -> new NotFoundException("blob", sha256)), out);
    }

    /**
     * Forks {@code parent} after its event {@code atSeq}. The fork point must leave no run open:
     * every run queued at or before it has ended at or before it.
     *
     * @param currentRun the parent's runs as they are now, to suggest where to fork instead
     */
    SessionRecord fork(SessionRecord parent, long atSeq, Function<String, Optional<RunView>> currentRun) {
        long last = store.events().lastSeq(parent.id());
        if (atSeq < 1 || atSeq > last) {
            throw new InvalidRequestException("at_seq must be between 1 and " + last + " (the last event of session '"
                    + parent.id() + "'), got " + atSeq);
        }
        SessionView before = SessionView.replay(parent.id(), store.events().read(parent.id(), 0, (int) Math.min(atSeq, Integer.MAX_VALUE)));
        List<RunView> open = before.openRuns();
        if (!open.isEmpty()) {
            RunView run = open.getFirst();
            throw new InvalidRequestException("at_seq " + atSeq + " falls inside run '" + run.id() + "', which is "
                    + run.state().wireName() + " there; fork where no run is open, such as at seq "
                    + (run.messageSeq() - 1) + " (before its message)"
                    + currentRun.apply(run.id()).filter(now -> now.state().terminal())
                            .map(now -> " or at seq " + now.lastSeq() + " (its end)").orElse(""));
        }
        SessionRecord fork = new SessionRecord(ids.newId("ses"), parent.tenantId(), parent.agent(), parent.agentVersion(),
                parent.userId(), parent.metadata(), clock.instant(), new SessionRecord.ForkPoint(parent.id(), atSeq));
        store.sessions().fork(fork);
        return fork;
    }

    /**
     * Imports a session exported anywhere into {@code tenantId}, under its own id when that id is
     * free (and usable as a file name), else under a new id with new run ids. A
     * {@code session.imported} event closes the imported log, so the session counts as active
     * from now on.
     */
    SessionRecord importSession(String tenantId, String text) {
        SessionImport.Imported file = SessionImport.read(text);
        SessionRecord original = file.session();
        if (store.agents().version(tenantId, original.agent(), original.agentVersion()).isEmpty()) {
            throw new InvalidRequestException("line 1: agent '" + original.agent() + "' version " + original.agentVersion()
                    + " does not exist in this tenant; apply its definition first");
        }
        if (KEEPABLE_ID.matcher(original.id()).matches() && store.events().lastSeq(original.id()) == 0) {
            try {
                return restore(tenantId, file, original.id(), false);
            } catch (ConflictException taken) {
                // the id, or one of its runs' ids, was taken: import under new ones
            }
        }
        return restore(tenantId, file, ids.newId("ses"), true);
    }

    private SessionRecord restore(String tenantId, SessionImport.Imported file, String sessionId, boolean newRunIds) {
        SessionRecord original = file.session();
        Map<String, String> runIds = new HashMap<>();
        List<Event> events = new ArrayList<>(file.events().size() + 1);
        for (Event event : file.events()) {
            String runId = event.runId() == null || !newRunIds ? event.runId()
                    : runIds.computeIfAbsent(event.runId(), old -> ids.newId("run"));
            events.add(new Event(sessionId, event.seq(), runId, event.createdAt(), event.payload()));
        }
        events.add(new Event(sessionId, events.size() + 1, null, clock.instant(),
                new EventPayload.SessionImported(original.id())));
        SessionRecord session = new SessionRecord(sessionId, tenantId, original.agent(), original.agentVersion(),
                original.userId(), original.metadata(), original.createdAt());
        store.sessions().restore(session, events, file.blobs());
        return session;
    }
}
