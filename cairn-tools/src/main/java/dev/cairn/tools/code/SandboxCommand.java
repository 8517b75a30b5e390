package dev.cairn.tools.code;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line that runs a program: {@code bwrap} with its mounts and namespaces, then (when
 * the server is root) {@code setpriv} dropping to the slot's user id, then {@code prlimit} with the
 * resource limits, then the interpreter. Without bubblewrap, only the last two. Immutable.
 *
 * <p>Run as root, bubblewrap keeps every capability and user id 0 unless told otherwise, and the
 * kernel never counts root's processes against RLIMIT_NPROC; so the program is started by
 * {@code setpriv} as an unprivileged user with no capabilities and no way to gain any
 * ({@code no_new_privs}). Run as another user, bubblewrap makes a user namespace of its own and
 * drops every capability itself.
 */
final class SandboxCommand {

    /** Where the workspace is inside the sandbox, and the program's working folder. */
    static final String WORKSPACE = "/workspace";
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";
    /** The system folders of the host that are shown read-only (or, when they are links into /usr, as the same links). */
    private static final List<String> SYSTEM_LINKS = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");
    /** The few files of {@code /etc} that dynamic linking, local time and OpenSSL's start need; nothing else of /etc is shown. */
    private static final List<String> ETC_FILES = List.of("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
            "/etc/alternatives", "/etc/localtime", "/etc/ssl/openssl.cnf");

    private final SandboxSettings settings;
    private final Path bwrap;
    private final boolean root;

    /**
     * @param bwrap the bubblewrap executable, or null to run unsandboxed
     * @param root  whether this process runs as root
     */
    SandboxCommand(SandboxSettings settings, Path bwrap, boolean root) {
        this.settings = settings;
        this.bwrap = bwrap;
        this.root = root;
    }

    boolean sandboxed() {
        return bwrap != null;
    }

    boolean dropsToUid() {
        return bwrap != null && root;
    }

    /**
     * The environment of a program, and all of it: nothing of the server's environment is passed on.
     * Unsandboxed, its home is the workspace folder itself.
     */
    Map<String, String> environment(Path workspace) {
        return Map.of("PATH", PATH, "HOME", bwrap == null ? workspace.toString() : WORKSPACE, "TMPDIR", "/tmp",
                "LANG", "C.UTF-8", "PYTHONUNBUFFERED", "1");
    }

    /** The command that runs {@code program} (an interpreter and its arguments) in {@code workspace}. */
    List<String> command(Path workspace, int uid, List<String> program) {
        List<String> command = new ArrayList<>();
        if (bwrap != null) {
            bubblewrap(command, workspace);
            if (root) {
                command.addAll(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                        "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"));
            }
        }
        command.addAll(limits());
        command.addAll(program);
        return command;
    }

    private List<String> limits() {
        long cpuSeconds = Math.max(1, (settings.cpu().toMillis() + 999) / 1000);
        return List.of(bwrap == null ? "prlimit" : "/usr/bin/prlimit",
                "--cpu=" + cpuSeconds + ":" + (cpuSeconds + 1),
                "--data=" + settings.memoryBytes(),
                "--nproc=" + settings.processes(),
                "--fsize=" + settings.fileBytes(),
                "--nofile=1024",
                "--core=0",
                "--");
    }

    private void bubblewrap(List<String> command, Path workspace) {
        command.add(bwrap.toString());
        if (root) {
            // Privileged bubblewrap: no user namespace (its only mapping would be to root); setpriv drops to a user id,
            // which clears these capabilities. Reading folders is kept only to enter the workspace folder of that id.
            command.addAll(List.of("--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                    "--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP",
                    "--cap-add", "CAP_DAC_READ_SEARCH"));
        } else {
            command.addAll(List.of("--unshare-all", "--unshare-user"));
        }
        command.addAll(List.of("--die-with-parent", "--new-session", "--hostname", "sandbox",
                "--ro-bind", "/usr", "/usr"));
        for (String name : SYSTEM_LINKS) {
            systemFolder(command, Path.of("/" + name));
        }
        // Folders bubblewrap makes on its own are root's alone (0700): the program's user could not enter them.
        command.addAll(List.of("--perms", "0755", "--dir", "/etc", "--perms", "0755", "--dir", "/etc/ssl"));
        for (String file : ETC_FILES) {
            command.addAll(List.of("--ro-bind-try", file, file));
        }
        command.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                "--perms", "01777", "--size", Long.toString(settings.tmpBytes()), "--tmpfs", "/tmp",
                "--bind", workspace.toString(), WORKSPACE, "--chdir", WORKSPACE,
                "--clearenv"));
        environment(workspace).forEach((name, value) -> command.addAll(List.of("--setenv", name, value)));
        command.add("--");
    }

    private static void systemFolder(List<String> command, Path folder) {
        try {
            if (Files.isSymbolicLink(folder)) {
                command.addAll(List.of("--symlink", Files.readSymbolicLink(folder).toString(), folder.toString()));
            } else if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                command.addAll(List.of("--ro-bind", folder.toString(), folder.toString()));
            }
        } catch (IOException e) {
            // a system folder that cannot be read is left out of the sandbox, as if it did not exist
        }
    }
}
