package dev.cairn.core.runtime;

import dev.cairn.core.loop.CancellationToken;
import dev.cairn.core.store.FencedException;
import dev.cairn.core.store.Lease;
import dev.cairn.core.store.LeaseStore;
import dev.cairn.core.store.RunIndex;
import dev.cairn.core.store.RunRecord;
import dev.cairn.core.run.RunState;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's workers: for each session with runs to execute, a virtual thread that holds the
 * session's lease (renewing it by heartbeat), executes its runs one after another, and gives the
 * lease up when the queue is empty. The queue is the session's log, so nothing is queued only in
 * memory. A scanner finds sessions whose runs nobody is executing (a new message missed, or a
 * worker elsewhere died and its lease expired) and claims them. Thread-safe.
 */
final class RunWorkers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunWorkers.class);

    /**
     * Executes every runnable run of a session, in order, under {@code lease}, then returns true
     * when the session has no open run left (it is idle, rather than waiting or halted).
     */
    @FunctionalInterface
    interface Drain {
        boolean drain(String tenantId, String sessionId, Lease lease, Worker worker) throws InterruptedException;
    }

    /** One session's worker, as the drain sees it. */
    static final class Worker {
        private final java.util.concurrent.Semaphore kicks = new java.util.concurrent.Semaphore(0);
        private volatile boolean lost;
        private volatile Lease lease;
        private volatile CancellationToken current;

        boolean lost() {
            return lost;
        }

        /** Called by the drain with the token of the run it is about to execute. */
        void executing(CancellationToken token) {
            current = token;
            if (lost) {
                token.halt("the session's lease was lost");
            }
        }

        private void lose() {
            lost = true;
            CancellationToken token = current;
            if (token != null) {
                token.halt("the session's lease was lost");
            }
        }
    }

    private final String holderId;
    private final LeaseStore leases;
    private final RunIndex runs;
    private final Duration ttl;
    private final Duration scanInterval;
    private final Clock clock;
    private final Drain drain;
    private final Duration linger;
    private final Runnable sweep;
    private final Runnable afterScan;
    private final Map<String, Worker> active = new ConcurrentHashMap<>();
    private final Map<String, Boolean> pending = new ConcurrentHashMap<>();
    private final Map<String, CancellationToken> tokens = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile Thread scanner;

    /**
     * @param sweep     called on every scan, after runs are claimed: housekeeping that must happen
     *                  even when no run executes (expiring approvals)
     * @param afterScan called on the scanner's thread after each scan; must return quickly
     */
    RunWorkers(String holderId, LeaseStore leases, RunIndex runs, Duration ttl, Duration scanInterval, Clock clock, Drain drain,
               Runnable sweep, Runnable afterScan) {
        this.holderId = holderId;
        this.leases = leases;
        this.runs = runs;
        this.ttl = ttl;
        this.scanInterval = scanInterval;
        this.clock = clock;
        this.drain = drain;
        this.linger = Duration.ofMillis(Math.min(200, ttl.toMillis() / 10));
        this.sweep = sweep;
        this.afterScan = afterScan;
    }

    String holderId() {
        return holderId;
    }

    /** Starts the scanner, which also picks up every run a previous process left. */
    void start() {
        LOG.info("executing runs as lease holder {} (leases of {})", holderId, ttl);
        scanner = Thread.ofVirtual().name("run-scanner").start(this::scanLoop);
    }

    /** Makes sure some worker will look at the session's queue after this call. */
    void kick(String tenantId, String sessionId) {
        if (closed) {
            return;
        }
        pending.put(sessionId, Boolean.TRUE); // before the check: a finishing worker sees it, or we start one
        Worker worker = new Worker();
        Worker existing = active.putIfAbsent(sessionId, worker);
        if (existing == null) {
            Thread.ofVirtual().name("run-" + sessionId).start(() -> work(tenantId, sessionId, worker));
        } else {
            existing.kicks.release(); // wakes a worker that lingers on an idle session
        }
    }

    private void work(String tenantId, String sessionId, Worker worker) {
        try {
            Optional<Lease> lease = leases.acquire(sessionId, holderId, ttl);
            if (lease.isEmpty()) {
                pending.remove(sessionId); // another worker holds the session and drains it
                return;
            }
            worker.lease = lease.get();
            Thread heartbeat = Thread.ofVirtual().name("lease-" + sessionId).start(() -> heartbeat(worker));
            try {
                boolean more;
                do {
                    pending.remove(sessionId);
                    worker.kicks.drainPermits();
                    boolean idle = drain.drain(tenantId, sessionId, worker.lease, worker);
                    more = pending.containsKey(sessionId) || (idle && linger(worker));
                } while (more && !worker.lost() && !closed);
            } finally {
                heartbeat.interrupt();
                if (!worker.lost()) {
                    leases.release(worker.lease);
                }
            }
        } catch (FencedException e) {
            LOG.info("stopped executing session {}: {}", sessionId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("the worker of session {} stopped on an unexpected failure", sessionId, e);
        } finally {
            active.remove(sessionId, worker);
            if (pending.containsKey(sessionId) && !closed) {
                kick(tenantId, sessionId);
            }
        }
    }

    /**
     * Keeps the lease of a session that just went idle for a moment, in case its next message
     * comes at once (a conversation's next turn usually does): that run then needs neither a
     * new lease nor its release, two durable writes fewer.
     *
     * @return true when a message came meanwhile
     */
    private boolean linger(Worker worker) throws InterruptedException {
        return !closed && worker.kicks.tryAcquire(linger.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void heartbeat(Worker worker) {
        long period = Math.max(50, ttl.toMillis() / 3);
        try {
            while (!worker.lost()) {
                Thread.sleep(period);
                Optional<Lease> renewed = leases.renew(worker.lease, ttl);
                if (renewed.isEmpty()) {
                    LOG.warn("lost the lease of session {} to another worker", worker.lease.sessionId());
                    worker.lose();
                } else {
                    worker.lease = renewed.get();
                }
            }
        } catch (InterruptedException e) {
            // the worker is done with the session
        } catch (RuntimeException e) {
            LOG.warn("renewing the lease of session {} failed; stopping its runs", worker.lease.sessionId(), e);
            worker.lose();
        }
    }

    private void scanLoop() {
        int failures = 0;
        while (!closed) {
            try {
                scanOnce();
                afterScan.run();
                failures = 0;
                Thread.sleep(scanInterval);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (failures++ == 0 && !closed) {
                    LOG.warn("looking for runs to execute failed; trying again until it works", e);
                }
                try {
                    Thread.sleep(Math.min(ttl.toMillis(), scanInterval.toMillis() << Math.min(failures, 6)));
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Claims every session that has runs to execute and no live worker. A session whose active run
     * waits for a person or the caller has nothing to execute, whatever is queued behind it.
     */
    void scanOnce() {
        Set<String> waiting = new HashSet<>();
        runs.inStates(List.of(RunState.AWAITING_APPROVAL, RunState.AWAITING_CLIENT_TOOL), 10_000)
                .forEach(run -> waiting.add(run.sessionId()));
        List<RunRecord> open = runs.inStates(List.of(RunState.QUEUED, RunState.RUNNING), 10_000);
        for (RunRecord run : open) {
            if (active.containsKey(run.sessionId()) || waiting.contains(run.sessionId()) || closed) {
                continue;
            }
            Optional<Lease> lease = leases.current(run.sessionId());
            boolean free = lease.isEmpty() || lease.get().holderId().equals(holderId)
                    || !lease.get().expiresAt().isAfter(clock.instant());
            if (free) {
                kick(run.tenantId(), run.sessionId());
            }
        }
        if (!closed) {
            sweep.run();
        }
    }

    /** True while a worker of this process holds (or is taking) the session. */
    boolean executes(String sessionId) {
        return active.containsKey(sessionId);
    }

    /** The token that cancels or halts this run in this process; created on first use. */
    CancellationToken token(String runId) {
        return tokens.computeIfAbsent(runId, id -> new CancellationToken());
    }

    /** Cancels the run at once if this process executes it; the durable cancel request reaches it otherwise. */
    void cancelHere(String runId, String why) {
        CancellationToken token = tokens.get(runId);
        if (token != null) {
            token.cancel(why);
        }
    }

    void forget(String runId) {
        tokens.remove(runId);
    }

    /**
     * Stops claiming work and halts every run at its next step boundary, leaving it for a worker
     * of another process (or this one, restarted) to resume.
     */
    @Override
    public void close() {
        closed = true;
        Thread running = scanner;
        if (running != null) {
            running.interrupt();
        }
        tokens.values().forEach(token -> token.halt("the server is stopping"));
        active.values().forEach(worker -> worker.kicks.release()); // end lingering at once
    }
}
