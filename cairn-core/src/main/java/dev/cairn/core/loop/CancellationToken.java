package dev.cairn.core.loop;

import java.util.concurrent.atomic.AtomicReference;

/** Asks a run to stop at its next step boundary. Thread-safe. */
public final class CancellationToken {

    private final AtomicReference<String> reason = new AtomicReference<>();

    /** Asks for cancellation; the first reason given wins. */
    public void cancel(String why) {
        reason.compareAndSet(null, why == null ? "cancelled" : why);
    }

    public boolean cancelled() {
        return reason.get() != null;
    }

    /** The reason given, or null when not cancelled. */
    public String reason() {
        return reason.get();
    }
}
