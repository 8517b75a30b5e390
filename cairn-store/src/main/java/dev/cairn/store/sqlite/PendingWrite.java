package dev.cairn.store.sqlite;

import dev.cairn.core.event.Event;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A write waiting for, or being run by, the writer thread. Its outcome is recorded when the task
 * runs but reaches the caller's future only after the group's commit, so no caller hears of a
 * write that is not on disk.
 */
final class PendingWrite<T> {

    private final WriteTask<T> task;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private T result;
    private Throwable failure;
    private List<Event> published = List.of();

    PendingWrite(WriteTask<T> task) {
        this.task = task;
    }

    WriteTask<T> task() {
        return task;
    }

    CompletableFuture<T> future() {
        return future;
    }

    void succeeded(T result, List<Event> published) {
        this.result = result;
        this.published = published;
        this.failure = null;
    }

    void failed(Throwable failure) {
        this.failure = failure;
        this.published = List.of();
    }

    /** Events to hand to listeners: those of a successful write, none of a failed one. */
    List<Event> published() {
        return failure == null ? published : List.of();
    }

    /** Completes the caller's future with the recorded outcome; called after the commit. */
    void complete() {
        if (failure == null) {
            future.complete(result);
        } else {
            future.completeExceptionally(failure);
        }
    }

    /** Fails the caller's future regardless of the recorded outcome (the group did not commit). */
    void abandon(Throwable groupFailure) {
        failed(groupFailure);
        future.completeExceptionally(groupFailure);
    }
}
