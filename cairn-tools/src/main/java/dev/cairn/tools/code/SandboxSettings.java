package dev.cairn.tools.code;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code code_run} runs programs: in a bubblewrap sandbox or, when an operator explicitly
 * allows it, without one, and the limits every program runs under. Immutable; {@link #DEFAULTS}
 * is the configuration of a server that says nothing about it.
 *
 * @param mode         {@link Mode#BUBBLEWRAP} (the default) or {@link Mode#UNSANDBOXED}
 * @param cpu          CPU time a program may use (RLIMIT_CPU); past it the program gets SIGXCPU, a second later SIGKILL
 * @param memoryBytes  heap and other writable private memory of each process (RLIMIT_DATA)
 * @param processes    processes and threads a program may have at once (RLIMIT_NPROC)
 * @param fileBytes    the largest file a program may write (RLIMIT_FSIZE)
 * @param tmpBytes     the size of the program's own {@code /tmp} (a tmpfs, gone when it exits)
 * @param wall         wall-clock time after which the program and everything it started is killed
 * @param outputBytes  stdout and stderr kept, each; a program that writes more is stopped and its result says truncated
 * @param concurrency  programs that may run at once on this server; more wait for a free slot
 * @param uidBase      when the server runs as root, programs run as user ids {@code uidBase} to
 *                     {@code uidBase + concurrency - 1}, one per slot, never as root
 */
public record SandboxSettings(Mode mode, Duration cpu, long memoryBytes, int processes, long fileBytes, long tmpBytes,
                              Duration wall, int outputBytes, int concurrency, int uidBase) {

    /** Whether programs run inside bubblewrap. */
    public enum Mode {
        /** In a bubblewrap sandbox; without a working {@code bwrap} the tool refuses to run. */
        BUBBLEWRAP,
        /** Directly on the host, under the same resource limits: only for machines where nothing else matters. */
        UNSANDBOXED
    }

    /** 10 s of CPU, 512 MiB of memory, 64 processes, 64 MiB files and /tmp, 30 s wall time, 64 KiB of output. */
    public static final SandboxSettings DEFAULTS = new SandboxSettings(Mode.BUBBLEWRAP, Duration.ofSeconds(10),
            512L * 1024 * 1024, 64, 64L * 1024 * 1024, 64L * 1024 * 1024, Duration.ofSeconds(30), 64 * 1024, 4, 200_000);

    public SandboxSettings {
        Objects.requireNonNull(mode, "mode");
        requireAtLeast("sandbox.cpu", cpu, Duration.ofSeconds(1));
        requireAtLeast("sandbox.wall", wall, Duration.ofMillis(100));
        requireRange("sandbox.memory", memoryBytes, 16L * 1024 * 1024, 1L << 40);
        requireRange("sandbox.processes", processes, 1, 100_000);
        requireRange("sandbox.file_size", fileBytes, 1024, 1L << 40);
        requireRange("sandbox.tmp", tmpBytes, 64 * 1024, 1L << 40);
        requireRange("sandbox.output", outputBytes, 256, 16 * 1024 * 1024);
        requireRange("sandbox.concurrency", concurrency, 1, 1024);
        requireRange("sandbox.uid_base", uidBase, 1000, 2_000_000_000L - concurrency);
    }

    public SandboxSettings withMode(Mode mode) {
        return new SandboxSettings(mode, cpu, memoryBytes, processes, fileBytes, tmpBytes, wall, outputBytes, concurrency, uidBase);
    }

    public SandboxSettings withCpu(Duration cpu) {
        return new SandboxSettings(mode, cpu, memoryBytes, processes, fileBytes, tmpBytes, wall, outputBytes, concurrency, uidBase);
    }

    public SandboxSettings withMemoryBytes(long memoryBytes) {
        return new SandboxSettings(mode, cpu, memoryBytes, processes, fileBytes, tmpBytes, wall, outputBytes, concurrency, uidBase);
    }

    public SandboxSettings withProcesses(int processes) {
        return new SandboxSettings(mode, cpu, memoryBytes, processes, fileBytes, tmpBytes, wall, outputBytes, concurrency, uidBase);
    }

    public SandboxSettings withFileBytes(long fileBytes) {
        return new SandboxSettings(mode, cpu, memoryBytes, processes, fileBytes, tmpBytes, wall, outputBytes, concurrency, uidBase);
    }

    public SandboxSettings withWall(Duration wall) {
        return new SandboxSettings(mode, cpu, memoryBytes, processes, fileBytes, tmpBytes, wall, outputBytes, concurrency, uidBase);
    }

    public SandboxSettings withOutputBytes(int outputBytes) {
        return new SandboxSettings(mode, cpu, memoryBytes, processes, fileBytes, tmpBytes, wall, outputBytes, concurrency, uidBase);
    }

    public SandboxSettings withConcurrency(int concurrency) {
        return new SandboxSettings(mode, cpu, memoryBytes, processes, fileBytes, tmpBytes, wall, outputBytes, concurrency, uidBase);
    }

    private static void requireAtLeast(String key, Duration value, Duration least) {
        Objects.requireNonNull(value, key);
        if (value.compareTo(least) < 0) {
            throw new IllegalArgumentException(key + " must be at least " + least.toMillis() + "ms, got " + value.toMillis() + "ms");
        }
    }

    private static void requireRange(String key, long value, long least, long most) {
        if (value < least || value > most) {
            throw new IllegalArgumentException(key + " must be from " + least + " to " + most + ", got " + value);
        }
    }
}
