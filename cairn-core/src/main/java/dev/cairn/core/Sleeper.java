package dev.cairn.core;

import java.time.Duration;

/**
 * Waits. Injected wherever Cairn waits on purpose (retry backoff, scripted latency), so tests
 * can skip time instead of sleeping.
 */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> Thread.sleep(duration);

    void sleep(Duration duration) throws InterruptedException;
}
