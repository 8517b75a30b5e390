package dev.cairn.core.runtime;

import dev.cairn.core.loop.CancellationToken;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each session's queued runs one after another, on one virtual thread per busy session.
 * The queue itself is the session's log ({@code run.queued} events not yet started), so nothing
 * is queued only in memory. Thread-safe.
 */
final class RunScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunScheduler.class);

    private final Map<String, AtomicBoolean> busy = new ConcurrentHashMap<>();
    private final Map<String, Boolean> pending = new ConcurrentHashMap<>();
    private final Map<String, CancellationToken> tokens = new ConcurrentHashMap<>();
    private final BiConsumer<String, String> drainSession;
    private final Map<String, String> tenants = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** @param drainSession executes every queued run of a session (tenant id, session id), in order, then returns */
    RunScheduler(BiConsumer<String, String> drainSession) {
        this.drainSession = drainSession;
    }

    /** Makes sure a worker will look at the session's queue after this call. */
    void kick(String tenantId, String sessionId) {
        if (closed) {
            return;
        }
        tenants.put(sessionId, tenantId);
        pending.put(sessionId, Boolean.TRUE); // before the flag: a stopping worker sees it, or we start one
        AtomicBoolean flag = busy.computeIfAbsent(sessionId, id -> new AtomicBoolean());
        if (flag.compareAndSet(false, true)) {
            Thread.ofVirtual().name("run-" + sessionId).start(() -> work(sessionId, flag));
        }
    }

    private void work(String sessionId, AtomicBoolean flag) {
        try {
            do {
                pending.remove(sessionId);
                try {
                    drainSession.accept(tenants.get(sessionId), sessionId);
                } catch (RuntimeException e) {
                    LOG.error("runs of session {} stopped on an unexpected failure", sessionId, e);
                }
            } while (pending.containsKey(sessionId) && !closed);
        } finally {
            flag.set(false);
            if (pending.containsKey(sessionId) && !closed) {
                kick(tenants.get(sessionId), sessionId);
            }
        }
    }

    /** The token that cancels this run; created on first use. */
    CancellationToken token(String runId) {
        return tokens.computeIfAbsent(runId, id -> new CancellationToken());
    }

    void forget(String runId) {
        tokens.remove(runId);
    }

    @Override
    public void close() {
        closed = true;
        tokens.values().forEach(token -> token.cancel("the server is shutting down"));
    }
}
