package dev.cairn.tools.code;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs programs in workspace folders, in a bubblewrap sandbox under the limits of its
 * {@link SandboxSettings}, or, when the settings say {@link SandboxSettings.Mode#UNSANDBOXED},
 * directly under the same limits.
 *
 * <p>{@link #open} checks once that a sandbox can start and logs the outcome; {@link #status()}
 * says it. Without a working bubblewrap every run fails with {@link SandboxUnavailableException}
 * naming what is missing and how to allow unsandboxed runs; each such run checks again, so
 * installing bubblewrap later needs no restart.
 *
 * <p>Thread-safe. Programs of one workspace folder run one after another; at most
 * {@link SandboxSettings#concurrency()} run at once in all.
 */
public final class CodeSandbox {

    private static final Logger LOG = LoggerFactory.getLogger(CodeSandbox.class);
    static final List<Path> BWRAP_CANDIDATES = List.of(Path.of("/usr/bin/bwrap"), Path.of("/usr/local/bin/bwrap"),
            Path.of("/bin/bwrap"));
    private static final String HOW_TO_ALLOW_UNSANDBOXED = "an operator who accepts running model-written code without "
            + "a sandbox may set `sandbox: {mode: unsandboxed}` in cairn.yaml";

    private final SandboxSettings settings;
    private final List<Path> bwrapCandidates;
    private final boolean root;
    private final SandboxSlots slots;
    private final LoadingCache<Path, ReentrantLock> folderLocks = Caffeine.newBuilder().weakValues()
            .build(folder -> new ReentrantLock());
    private volatile Status status;
    private volatile SandboxCommand command;

    /**
     * Whether programs can run, and how.
     *
     * @param ready     true when a program can be started now
     * @param sandboxed true when programs run in bubblewrap
     * @param detail    one line for logs and operators: what runs where, or what is missing and how to fix it
     */
    public record Status(boolean ready, boolean sandboxed, String detail) {
        public Status {
            Objects.requireNonNull(detail, "detail");
        }
    }

    private CodeSandbox(SandboxSettings settings, List<Path> bwrapCandidates, boolean root) {
        this.settings = settings;
        this.bwrapCandidates = List.copyOf(bwrapCandidates);
        this.root = root;
        this.slots = new SandboxSlots(settings.concurrency(), settings.uidBase());
    }

    /** A sandbox with these settings, checked (a short test run) and its status logged. Never fails for a missing bubblewrap. */
    public static CodeSandbox open(SandboxSettings settings) {
        return open(settings, BWRAP_CANDIDATES);
    }

    /** A sandbox that looks for bubblewrap only at {@code bwrapCandidates}. */
    static CodeSandbox open(SandboxSettings settings, List<Path> bwrapCandidates) {
        CodeSandbox sandbox = new CodeSandbox(Objects.requireNonNull(settings, "settings"), bwrapCandidates, runningAsRoot());
        sandbox.check();
        Status status = sandbox.status;
        if (status.ready() && status.sandboxed()) {
            LOG.info("code_run: {}", status.detail());
        } else {
            LOG.warn("code_run: {}", status.detail());
        }
        return sandbox;
    }

    public SandboxSettings settings() {
        return settings;
    }

    public Status status() {
        return status;
    }

    /**
     * Runs {@code code} in {@code language} with {@code folder} as its workspace (created when
     * missing), after any other program of the same folder has ended.
     *
     * @throws SandboxUnavailableException when the sandbox cannot start, the language is not
     *                                     installed, or no slot frees up within the wall-clock limit
     */
    public CodeResult run(Path folder, Language language, String code) throws InterruptedException {
        if (!status.ready()) {
            check();
            if (!status.ready()) {
                throw new SandboxUnavailableException(status.detail());
            }
        }
        Path interpreter = language.interpreter().orElseThrow(() -> new SandboxUnavailableException(
                "language '" + language.id() + "' is not installed on this server (no " + language.id() + " under /usr)"));
        ReentrantLock lock = folderLocks.get(folder.toAbsolutePath().normalize());
        lock.lockInterruptibly();
        try {
            int uid = slots.take(settings.wall());
            if (uid < 0) {
                throw new SandboxUnavailableException("all " + settings.concurrency() + " code sandboxes stayed busy for "
                        + settings.wall().toMillis() + "ms; try again later");
            }
            try {
                return start(command, folder, uid, List.of(interpreter.toString(), language.programFlag(), code));
            } finally {
                slots.give(uid);
            }
        } finally {
            lock.unlock();
        }
    }

    private CodeResult start(SandboxCommand how, Path folder, int uid, List<String> program) throws InterruptedException {
        try {
            Files.createDirectories(folder);
            if (how.dropsToUid()) {
                WorkspaceOwner.giveTo(folder, uid);
            }
            return new BoundedProcess(how.command(folder, uid, program), folder, how.environment(folder), settings.wall(),
                    settings.outputBytes()).run(how.sandboxed());
        } catch (IOException e) {
            throw new SandboxUnavailableException("the program could not be started: " + e.getMessage());
        }
    }

    /** Finds bubblewrap and starts {@code true} in a sandbox; sets the status to what happened. */
    private synchronized void check() {
        if (settings.mode() == SandboxSettings.Mode.UNSANDBOXED) {
            command = new SandboxCommand(settings, null, root);
            status = new Status(true, false, "sandbox mode is 'unsandboxed': programs run WITHOUT a sandbox, "
                    + "directly on this host as " + (root ? "root" : "the server's user") + ", under resource limits only; "
                    + languagesNote());
            return;
        }
        Path bwrap = bwrapCandidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (bwrap == null) {
            status = new Status(false, true, "code cannot run: bubblewrap (bwrap) is not installed, so programs cannot be "
                    + "sandboxed; install it (Debian/Ubuntu: apt-get install bubblewrap), or " + HOW_TO_ALLOW_UNSANDBOXED);
            return;
        }
        SandboxCommand candidate = new SandboxCommand(settings, bwrap, root);
        String failure = tryStart(candidate);
        if (failure != null) {
            status = new Status(false, true, "code cannot run: " + bwrap + " is installed but cannot start a sandbox on "
                    + "this machine (" + failure + "); user namespaces may be disabled, or " + HOW_TO_ALLOW_UNSANDBOXED);
            return;
        }
        command = candidate;
        status = new Status(true, true, "programs run in a bubblewrap sandbox (" + bwrap + (root
                ? ", as user ids " + settings.uidBase() + "-" + (settings.uidBase() + settings.concurrency() - 1)
                : ", in a user namespace") + "), without network; " + languagesNote());
    }

    private String tryStart(SandboxCommand candidate) {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("cairn-sandbox-check");
            CodeResult result = start(candidate, folder, settings.uidBase(), List.of("true"));
            return result.exitCode() == 0 ? null : "exit status " + result.exitCode() + ": " + result.stderr().strip();
        } catch (IOException | SandboxUnavailableException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            deleteQuietly(folder);
        }
    }

    private static String languagesNote() {
        List<String> installed = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Language language : Language.values()) {
            (language.interpreter().isPresent() ? installed : missing).add(language.id());
        }
        return "languages: " + String.join(", ", installed) + (missing.isEmpty() ? "" : " (not installed: "
                + String.join(", ", missing) + ")");
    }

    private static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder != null) {
            try {
                Files.deleteIfExists(folder);
            } catch (IOException e) {
                // an empty temporary folder left behind changes nothing
            }
        }
    }
}
