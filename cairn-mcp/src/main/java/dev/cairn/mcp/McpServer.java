package dev.cairn.mcp;

import dev.cairn.core.tool.ToolOutcome;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One declared MCP server, supervised: started on first use, its tool list kept current (the
 * server's {@code notifications/tools/list_changed} and each restart refresh it), restarted with
 * exponential backoff when its process dies or it cannot be started or reached, and stopped by
 * {@link #close()}. While it is down, calls fail at once with a message saying why and when it
 * is tried again. Thread-safe; one instance serves every session of the agent that declared it.
 */
final class McpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(McpServer.class);
    /** A connection that lived this long was healthy: its end restarts the backoff from the start. */
    private static final Duration STABLE = Duration.ofSeconds(30);

    private final McpDeclaration declaration;
    private final McpToolKind.Options options;
    private final ScheduledExecutorService scheduler;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong toolListChanges = new AtomicLong();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicLong starts = new AtomicLong();
    private volatile List<McpSchema.Tool> tools = List.of();
    private volatile long lastUsedNanos = System.nanoTime();
    // guarded by lock
    private McpConnection connection;
    private int failures;
    private long retryAtNanos;
    private String lastProblem;
    private ScheduledFuture<?> restart;
    private boolean closed;

    McpServer(McpDeclaration declaration, McpToolKind.Options options, ScheduledExecutorService scheduler) {
        this.declaration = declaration;
        this.options = options;
        this.scheduler = scheduler;
    }

    McpDeclaration declaration() {
        return declaration;
    }

    /**
     * The server's tools as last listed, starting the server first when it is not running and
     * not waiting out a backoff; the last known list (empty before the first start) when it
     * cannot be started now.
     */
    List<McpSchema.Tool> tools() throws InterruptedException {
        busy.incrementAndGet();
        try {
            connection();
        } catch (McpException e) {
            LOG.warn("MCP server '{}' offers no tools now: {}", declaration.name(), e.getMessage());
        } finally {
            done();
        }
        return tools;
    }

    /** Calls the tool the server knows as {@code tool}; every failure is an outcome the model reads. */
    ToolOutcome call(String tool, Map<String, Object> arguments) throws InterruptedException {
        busy.incrementAndGet();
        try {
            return McpResults.outcome(connection().call(tool, arguments));
        } catch (McpException e) {
            return ToolOutcome.failure(e.getMessage());
        } finally {
            done();
        }
    }

    private void done() {
        lastUsedNanos = System.nanoTime();
        busy.decrementAndGet();
    }

    /** How many times the server was started and its tools listed. */
    long starts() {
        return starts.get();
    }

    /** How many times the server said its tool list changed. */
    long toolListChanges() {
        return toolListChanges.get();
    }

    /** The running server's process and its descendants; empty when none runs (or it is an HTTP server). */
    List<ProcessHandle> processes() {
        lock.lock();
        try {
            return connection == null ? List.of() : connection.processes();
        } finally {
            lock.unlock();
        }
    }

    /** How long the server has gone without a listing or a call; zero while one is under way. */
    long idleNanos() {
        return busy.get() > 0 ? 0 : System.nanoTime() - lastUsedNanos;
    }

    private McpConnection connection() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (closed) {
                throw new McpException("MCP server '" + declaration.name() + "' was stopped (its agent changed or "
                        + "Cairn is stopping)");
            }
            if (connection != null) {
                return connection;
            }
            if (failures > 0 && retryAtNanos - System.nanoTime() > 0) {
                throw notRunning();
            }
            try {
                return start();
            } catch (McpException e) {
                throw notRunning();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Why the server is down and when it is tried again; the caller holds the lock. */
    private McpException notRunning() {
        long wait = Math.max(0, retryAtNanos - System.nanoTime());
        return new McpException("MCP server '" + declaration.name() + "' is not running: " + lastProblem
                + "; Cairn starts it again in " + Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999)) + "s");
    }

    /** Starts the server and lists its tools; the caller holds the lock. */
    private McpConnection start() throws InterruptedException {
        if (restart != null) {
            restart.cancel(false);
            restart = null;
        }
        McpConnection opened;
        try {
            opened = McpConnection.open(declaration, options.startupTimeout(), this::toolsChanged);
        } catch (McpException e) {
            failed(e.getMessage());
            throw e;
        }
        try {
            tools = opened.listTools();
            starts.incrementAndGet();
        } catch (McpException | InterruptedException e) {
            opened.close();
            if (e instanceof McpException problem) {
                failed(problem.getMessage());
            }
            throw e;
        }
        connection = opened;
        opened.ended().thenAccept(reason -> ended(opened, reason));
        LOG.info("MCP server '{}' started: {} tools from {}", declaration.name(), tools.size(), declaration.describe());
        return opened;
    }

    private void toolsChanged(List<McpSchema.Tool> listed) {
        tools = List.copyOf(listed);
        toolListChanges.incrementAndGet();
    }

    private void ended(McpConnection which, String reason) {
        lock.lock();
        try {
            if (connection != which) {
                return;
            }
            connection = null;
            boolean healthy = System.nanoTime() - which.startedNanos() >= STABLE.toNanos();
            if (healthy) {
                failures = 0;
            }
            failed("it " + reason);
        } finally {
            lock.unlock();
        }
        LOG.warn("MCP server '{}' {}", declaration.name(), reason);
        Thread.ofVirtual().start(which::close);
    }

    /** Records a failed start or a death and schedules the next start; the caller holds the lock. */
    private void failed(String problem) {
        failures++;
        lastProblem = problem;
        long delay = backoff().toNanos();
        retryAtNanos = System.nanoTime() + delay;
        if (!closed) {
            try {
                restart = scheduler.schedule(() -> Thread.ofVirtual().start(this::restart), delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                // Cairn is stopping: nothing is started again
            }
        }
    }

    private Duration backoff() {
        Duration delay = options.initialBackoff();
        for (int i = 1; i < failures && delay.compareTo(options.maxBackoff()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : delay;
    }

    private void restart() {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            return;
        }
        try {
            if (!closed && connection == null) {
                start();
            }
        } catch (McpException e) {
            LOG.warn("MCP server '{}' did not start again: {}", declaration.name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the server and every process it started; calls after this fail. Idempotent. */
    @Override
    public void close() {
        McpConnection stopping;
        lock.lock();
        try {
            closed = true;
            if (restart != null) {
                restart.cancel(false);
            }
            stopping = connection;
            connection = null;
        } finally {
            lock.unlock();
        }
        if (stopping != null) {
            stopping.close();
        }
    }
}
