package dev.cairn.core.runtime;

import dev.cairn.core.CairnException;
import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.agent.Retention;
import dev.cairn.core.archive.SessionArchive;
import dev.cairn.core.store.DutyLock;
import dev.cairn.core.store.SessionRecord;
import dev.cairn.core.store.Store;
import dev.cairn.core.store.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives sessions that stayed idle longer than their agent version's {@code retention}: for
 * each, the export is written to the archive first, then the session is deleted from the store
 * only if its log still ends where the export does and no run is open; otherwise the export is
 * removed and the session kept. A session a fork depends on is kept until its forks are gone.
 *
 * <p>Thread-safe: sweeps run one at a time, across every node sharing the store: a sweep holds
 * the store's duty {@value #DUTY} ({@link Store#exclusive}), and a node that finds it held by
 * another skips its turn, so two nodes never export and delete the same session at once.
 */
final class RetentionSweep {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweep.class);
    private static final int SESSIONS_PER_AGENT_VERSION = 1_000;
    static final String DUTY = "retention-sweep";

    private final Store store;
    private final SessionArchive archive;
    private final Clock clock;
    private final Duration interval;
    private final SessionTransfer transfer;
    private final Consumer<String> forget;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Instant nextAt;

    /** @param forget called with each archived session's id, to drop what this process cached of it */
    RetentionSweep(Store store, SessionArchive archive, Clock clock, Duration interval, SessionTransfer transfer,
                   Consumer<String> forget) {
        this.store = store;
        this.archive = archive;
        this.clock = clock;
        this.interval = interval;
        this.transfer = transfer;
        this.forget = forget;
        this.nextAt = clock.instant();
    }

    /**
     * Starts a sweep on its own thread when one is due by the clock and none started here is
     * still running. Called by the scanner after each scan; returns at once.
     */
    void startWhenDue() {
        Instant now = clock.instant();
        if (!archive.keeps() || now.isBefore(nextAt) || !started.compareAndSet(false, true)) {
            return;
        }
        nextAt = now.plus(interval);
        Thread.ofVirtual().name("retention-sweep").start(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.warn("the retention sweep failed; it runs again in {}", interval, e);
            } finally {
                started.set(false);
            }
        });
    }

    SweepReport sweep() {
        if (!archive.keeps()) {
            return new SweepReport(List.of(), Map.of());
        }
        running.lock();
        try {
            Optional<DutyLock> duty = store.exclusive(DUTY);
            if (duty.isEmpty()) {
                LOG.debug("another node is sweeping; this one skips its turn");
                return new SweepReport(List.of(), Map.of());
            }
            try (DutyLock held = duty.get()) {
                return sweepHeld();
            }
        } finally {
            running.unlock();
        }
    }

    private SweepReport sweepHeld() {
        List<String> archived = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (Tenant tenant : store.tenants().tenants()) {
            for (AgentVersion latest : store.agents().list(tenant.id())) {
                for (AgentVersion version : store.agents().versions(tenant.id(), latest.name())) {
                    Retention retention = version.spec().retention();
                    if (retention != null) {
                        sweep(version, now.minus(retention.idle()), archived, skipped);
                    }
                }
            }
        }
        if (!archived.isEmpty() || !skipped.isEmpty()) {
            LOG.info("retention sweep archived {} sessions and kept {} that were due: {}", archived.size(),
                    skipped.size(), skipped);
        }
        return new SweepReport(archived, skipped);
    }

    private void sweep(AgentVersion version, Instant idleBefore, List<String> archived, Map<String, String> skipped) {
        List<SessionRecord> due = store.sessions().archivable(version.tenantId(), version.name(), version.version(),
                idleBefore, SESSIONS_PER_AGENT_VERSION);
        for (SessionRecord session : due) {
            try {
                archive(session);
                archived.add(session.id());
            } catch (CairnException e) {
                skipped.put(session.id(), e.getMessage());
            }
        }
    }

    private void archive(SessionRecord session) {
        long[] lastSeq = {0};
        archive.write(session.id(), out -> lastSeq[0] = transfer.export(session, out));
        try {
            store.sessions().delete(session.tenantId(), session.id(), lastSeq[0]);
        } catch (CairnException e) {
            archive.remove(session.id());
            throw e;
        }
        forget.accept(session.id());
    }
}
