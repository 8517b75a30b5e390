package dev.cairn.core.runtime;

import dev.cairn.core.event.Event;
import dev.cairn.core.store.EventStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A session's events from a sequence number on: first what is stored, then what is committed
 * while the stream is open, without gaps or repeats, interleaved with live text deltas.
 *
 * <p>One consumer thread calls {@link #next}; close it when done.
 */
public final class EventStream implements AutoCloseable {

    private static final int PAGE = 500;

    private final String sessionId;
    private final EventStore store;
    private final LinkedBlockingQueue<StreamItem> live = new LinkedBlockingQueue<>();
    private final Deque<StreamItem> ready = new ArrayDeque<>();
    private final AutoCloseable subscription;
    private long lastSeq;

    EventStream(String sessionId, long afterSeq, EventStore store, EventHub hub) {
        this.sessionId = sessionId;
        this.store = store;
        this.lastSeq = afterSeq;
        this.subscription = hub.subscribe(sessionId, live::add);
    }

    /** The sequence number of the last stored event handed out. */
    public long lastSeq() {
        return lastSeq;
    }

    /**
     * The next item, waiting up to {@code timeout} for one.
     *
     * @return the item, or null when none came in time
     */
    public StreamItem next(Duration timeout) throws InterruptedException {
        if (ready.isEmpty()) {
            fill(timeout);
        }
        return ready.pollFirst();
    }

    private void fill(Duration timeout) throws InterruptedException {
        // Whatever is stored after lastSeq comes first: the backlog, and anything committed
        // between the subscription and the first read.
        if (readStored()) {
            return;
        }
        StreamItem item = live.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        while (item != null) {
            switch (item) {
                case StreamItem.Stored stored -> {
                    long seq = stored.event().seq();
                    if (seq == lastSeq + 1) {
                        ready.add(stored);
                        lastSeq = seq;
                    } else if (seq > lastSeq + 1) {
                        readStored(); // never skip: fill the gap from the store
                    }
                }
                case StreamItem.Delta delta -> ready.add(delta);
            }
            item = live.poll();
        }
    }

    private boolean readStored() {
        boolean any = false;
        for (Event event : store.read(sessionId, lastSeq, PAGE)) {
            ready.add(new StreamItem.Stored(event));
            lastSeq = event.seq();
            any = true;
        }
        return any;
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the subscription of session '" + sessionId + "' failed", e);
        }
    }
}
