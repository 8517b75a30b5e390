package dev.cairn.tools.code;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one command to its end or its limits: stdin is empty, stdout and stderr are kept up to
 * {@code outputBytes} each, and the process with all its descendants is killed when it writes more
 * than that or when {@code wall} passes. Not reusable; one instance per run.
 */
final class BoundedProcess {

    private static final Duration READER_GRACE = Duration.ofSeconds(1);
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);
    /** One platform thread, alive as long as the server, that starts every process. */
    private static final java.util.concurrent.ExecutorService LAUNCHER = java.util.concurrent.Executors.newSingleThreadExecutor(
            runnable -> Thread.ofPlatform().name("code-sandbox-launcher").daemon().unstarted(runnable));

    private final List<String> command;
    private final Path directory;
    private final Map<String, String> environment;
    private final Duration wall;
    private final int outputBytes;
    private final AtomicBoolean truncated = new AtomicBoolean();
    private Process process;

    BoundedProcess(List<String> command, Path directory, Map<String, String> environment, Duration wall, int outputBytes) {
        this.command = List.copyOf(command);
        this.directory = directory;
        this.environment = Map.copyOf(environment);
        this.wall = wall;
        this.outputBytes = outputBytes;
    }

    /**
     * Runs the command and waits for it; an interrupt kills it and is rethrown.
     *
     * @throws IOException when the command cannot be started
     */
    CodeResult run(boolean sandboxed) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().clear();
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        process = start(builder);
        try {
            Capture stdout = new Capture(process.getInputStream());
            Capture stderr = new Capture(process.getErrorStream());
            Thread outReader = Thread.ofVirtual().name("code-stdout").start(stdout);
            Thread errReader = Thread.ofVirtual().name("code-stderr").start(stderr);
            boolean exited = process.waitFor(wall.toNanos(), TimeUnit.NANOSECONDS);
            if (!exited) {
                killAll();
            }
            int exitCode = process.waitFor();
            // A reader still blocked here reads from a process that left the sandbox's reach (only possible
            // unsandboxed); the result is given with what it read so far.
            outReader.join(READER_GRACE);
            errReader.join(READER_GRACE);
            long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            return new CodeResult(exitCode, stdout.text(), stderr.text(), !exited && !truncated.get(), truncated.get(),
                    sandboxed, durationMs);
        } finally {
            if (process.isAlive()) {
                killAll();
            }
        }
    }

    /**
     * Starts the process from {@link #LAUNCHER}'s thread. Bubblewrap's {@code --die-with-parent}
     * kills the sandbox when the thread that started it ends, not the process: started from a
     * virtual thread's carrier, which the JDK retires when idle, a sandbox could die mid-run.
     */
    private static Process start(ProcessBuilder builder) throws IOException, InterruptedException {
        try {
            return LAUNCHER.submit(builder::start).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("starting a process failed", e.getCause());
        }
    }

    /**
     * Kills the process and every descendant it has now, and waits (a little) until they are gone;
     * bubblewrap's PID namespace takes any started meanwhile down with it.
     */
    private void killAll() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        for (ProcessHandle handle : descendants) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // still there after the grace: nothing more can be done than SIGKILL
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reads one stream to its end, keeping at most {@code outputBytes}; more stops the program. */
    private final class Capture implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Capture(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    int room = outputBytes - kept.size();
                    kept.write(buffer, 0, Math.min(room, read));
                    if (read > room) {
                        truncated.set(true);
                        killAll();
                        return;
                    }
                }
            } catch (IOException e) {
                // the stream closes when the process is killed; what was read is kept
            }
        }

        String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
