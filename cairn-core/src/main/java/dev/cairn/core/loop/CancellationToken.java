package dev.cairn.core.loop;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks a run to stop at its next step boundary, in one of two ways: {@link #cancel} ends the run
 * as {@code cancelled}; {@link #halt} only stops this worker (the process is stopping, or it lost
 * the session's lease), leaving the run as it is for another worker to resume. Thread-safe.
 */
public final class CancellationToken {

    private final AtomicReference<String> reason = new AtomicReference<>();
    private final AtomicReference<String> haltReason = new AtomicReference<>();

    /** Asks for cancellation; the first reason given wins. */
    public void cancel(String why) {
        reason.compareAndSet(null, why == null ? "cancelled" : why);
    }

    /** Asks this worker to stop without ending the run. */
    public void halt(String why) {
        haltReason.compareAndSet(null, why == null ? "halted" : why);
    }

    public boolean cancelled() {
        return reason.get() != null;
    }

    public boolean halted() {
        return haltReason.get() != null;
    }

    /** The reason given, or null when not cancelled. */
    public String reason() {
        return reason.get();
    }
}
