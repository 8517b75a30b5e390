package dev.cairn.core.loop;

import dev.cairn.core.model.RetryableProviderException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Bounds a model call by the step timeout (or a shorter per-target one): a watchdog interrupts the calling thread when the
 * time is up, and the call then counts as a retryable {@code step_timeout}. The call runs on the
 * caller's own thread, so the bound costs no thread hand-off.
 */
final class StepDeadline {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cairn-step-deadline");
        thread.setDaemon(true);
        return thread;
    });

    private StepDeadline() {
    }

    static <T> T call(String provider, Duration timeout, Supplier<T> call) throws InterruptedException {
        return call(provider, timeout, "limits.step_timeout", call);
    }

    /** As {@link #call(String, Duration, Supplier)}, naming in the failure the setting that set {@code timeout}. */
    static <T> T call(String provider, Duration timeout, String setting, Supplier<T> call) throws InterruptedException {
        Thread caller = Thread.currentThread();
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            fired.set(true);
            caller.interrupt();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            T result = call.get();
            settle(watchdog, fired);
            return result;
        } catch (RuntimeException failure) {
            if (settle(watchdog, fired)) {
                throw RetryableProviderException.timedOut(provider,
                        "no complete answer within " + describe(timeout) + " (" + setting + ")");
            }
            throw failure;
        }
    }

    private static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
    }

    /** Stops the watchdog; answers whether it fired, clearing the interrupt it caused. */
    private static boolean settle(ScheduledFuture<?> watchdog, AtomicBoolean fired) throws InterruptedException {
        watchdog.cancel(false);
        if (fired.get()) {
            Thread.interrupted(); // the watchdog's interrupt, not a request to stop
            return true;
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("interrupted during a model call");
        }
        return false;
    }
}
