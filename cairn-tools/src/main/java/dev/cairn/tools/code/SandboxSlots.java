package dev.cairn.tools.code;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The slots programs run in, which bound how many run at once; each slot has its own user id, so
 * that the per-user process limit of one program counts only that program's processes.
 * Thread-safe.
 */
final class SandboxSlots {

    private final BlockingQueue<Integer> free;

    SandboxSlots(int count, int firstUid) {
        free = new ArrayBlockingQueue<>(count);
        for (int slot = 0; slot < count; slot++) {
            free.add(firstUid + slot);
        }
    }

    /** A free slot's user id, waiting at most {@code patience}; -1 when none became free. */
    int take(Duration patience) throws InterruptedException {
        Integer uid = free.poll(patience.toNanos(), TimeUnit.NANOSECONDS);
        return uid == null ? -1 : uid;
    }

    void give(int uid) {
        free.add(uid);
    }
}
