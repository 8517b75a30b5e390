package dev.cairn.store.sqlite;

import dev.cairn.core.CairnException;
import dev.cairn.core.event.Event;
import dev.cairn.core.store.EventStore.AppendListener;
import dev.cairn.core.store.StoreException;
import dev.cairn.store.jdbc.Rows;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The only thread that writes. Callers submit {@link WriteTask}s; the thread takes whatever is
 * queued (up to the batch size), runs each task in its own savepoint of one transaction, commits
 * once, and only then completes the callers' futures and calls the listeners. Many writers thus
 * share one fsync, and a failing task never fails its neighbours.
 *
 * <p>Each group begins with {@code BEGIN IMMEDIATE}, taking SQLite's write lock (waiting up to the
 * connection's busy timeout while another process holds it), then compares
 * {@code PRAGMA data_version} with the last group's: when another connection committed in
 * between, the session-head cache is emptied and refilled from the database.
 *
 * <p>Tasks run in the order they were submitted. {@link #submit} is thread-safe and never
 * blocks on the database.
 */
final class GroupCommitWriter {

    private static final System.Logger LOG = System.getLogger(GroupCommitWriter.class.getName());
    private static final int CACHED_SESSIONS = 65_536;
    private static final String DATA_VERSION = "PRAGMA data_version";

    private final KeptStatements statements;
    private final Clock clock;
    private final int maxBatchSize;
    private final String storeName;
    private final SessionHeads heads = new SessionHeads(CACHED_SESSIONS);
    private final BlockingQueue<PendingWrite<?>> queue = new LinkedBlockingQueue<>();
    private final PendingWrite<Void> stop = new PendingWrite<>(transaction -> null);
    private final ReentrantReadWriteLock admission = new ReentrantReadWriteLock();
    private final List<AppendListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committedWrites = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    /** {@code PRAGMA data_version} when the last group began (never negative); writer thread only. */
    private long dataVersion = -1;

    GroupCommitWriter(Connection connection, Clock clock, int maxBatchSize, String storeName) {
        this.statements = new KeptStatements(connection);
        this.clock = clock;
        this.maxBatchSize = maxBatchSize;
        this.storeName = storeName;
        this.thread = Thread.ofPlatform().name("cairn-sqlite-writer").daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /**
     * Queues a task. The future completes after the task's group has committed, or exceptionally
     * with the task's own failure, or with {@link StoreException} when the group fails to commit
     * or the store is closed.
     */
    <T> CompletableFuture<T> submit(WriteTask<T> task) {
        PendingWrite<T> write = new PendingWrite<>(task);
        admission.readLock().lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(closedException());
            }
            queue.add(write);
        } finally {
            admission.readLock().unlock();
        }
        return write.future();
    }

    void addListener(AppendListener listener) {
        listeners.add(listener);
    }

    boolean running() {
        return thread.isAlive() && !closed;
    }

    long commits() {
        return commits.get();
    }

    long committedWrites() {
        return committedWrites.get();
    }

    /** Refuses new writes, commits every queued one, and waits for the thread to end. */
    void stop() {
        admission.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(stop);
        } finally {
            admission.writeLock().unlock();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    StoreException closedException() {
        return new StoreException("the SQLite store at " + storeName + " is closed", null);
    }

    private void run() {
        List<PendingWrite<?>> group = new ArrayList<>(maxBatchSize);
        boolean running = true;
        while (running) {
            group.clear();
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                continue; // nobody but the store owns this thread; keep serving until stopped
            }
            queue.drainTo(group, maxBatchSize - 1);
            if (group.getLast() == stop) {
                group.removeLast();
                running = false;
            }
            if (!group.isEmpty()) {
                commitGroup(group);
            }
        }
        statements.close();
    }

    private void commitGroup(List<PendingWrite<?>> group) {
        try {
            execute("BEGIN IMMEDIATE");
            forgetCachesIfAnotherConnectionCommitted();
            for (PendingWrite<?> write : group) {
                runInSavepoint(write);
            }
            execute("COMMIT");
        } catch (SQLException | RuntimeException | Error e) {
            rollbackQuietly();
            heads.reset();
            StoreException failure = new StoreException("committing " + group.size() + " writes to "
                    + storeName + " failed; none of them was stored: " + e.getMessage(), e);
            group.forEach(write -> write.abandon(failure));
            return;
        }
        heads.groupCommitted();
        commits.incrementAndGet();
        committedWrites.addAndGet(group.size());
        group.forEach(PendingWrite::complete);
        for (PendingWrite<?> write : group) {
            notifyListeners(write.published());
        }
    }

    /**
     * Empties the caches when another connection (another process, or a tool) committed since the
     * last group began: they may hold what that commit changed. Run under the write lock, so no
     * other commit can come between this check and the group's own commit.
     */
    private void forgetCachesIfAnotherConnectionCommitted() throws SQLException {
        long version = statements.with(DATA_VERSION, statement -> Rows.first(statement, row -> row.getLong(1)))
                .orElseThrow(() -> new SQLException(DATA_VERSION + " answered nothing"));
        if (version != dataVersion) {
            heads.reset();
            dataVersion = version;
        }
    }

    private <T> void runInSavepoint(PendingWrite<T> write) throws SQLException {
        execute("SAVEPOINT write");
        WriteTransaction transaction = new WriteTransaction(statements, clock, heads);
        try {
            T result = write.task().run(transaction);
            execute("RELEASE write");
            heads.writeSucceeded();
            write.succeeded(result, transaction.published());
        } catch (SQLException | RuntimeException e) {
            execute("ROLLBACK TO write");
            execute("RELEASE write");
            heads.writeFailed();
            write.failed(asCairnException(e));
        }
    }

    private CairnException asCairnException(Exception e) {
        if (e instanceof CairnException cairn) {
            return cairn;
        }
        return new StoreException("write to " + storeName + " failed: " + e.getMessage(), e);
    }

    private void notifyListeners(List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        for (AppendListener listener : listeners) {
            try {
                listener.appended(events);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "append listener " + listener + " failed", e);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        statements.execute(sql);
    }

    /** Ends whatever is left of a failed group's transaction; SQLite may already have rolled it back. */
    private void rollbackQuietly() {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "rollback after a failed group found no transaction", e);
        }
    }
}
