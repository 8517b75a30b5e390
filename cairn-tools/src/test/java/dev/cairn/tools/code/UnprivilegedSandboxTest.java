package dev.cairn.tools.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command a server run by an ordinary user starts (bubblewrap in its own user namespace, no
 * {@code setpriv}), started here as user {@code nobody} so that the test means the same when the
 * tests run as root.
 */
class UnprivilegedSandboxTest {

    @TempDir
    Path folder;

    @Test
    void anOrdinaryUsersSandboxHasNoCapabilitiesNoNetworkAndItsOwnProcessLimit() throws Exception {
        assumeTrue(CodeSandbox.open(SandboxSettings.DEFAULTS).status().ready(), "bubblewrap works here");
        assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0), "the tests run as root, who can become nobody");
        Path workspace = Files.createDirectories(folder.resolve("ws"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(workspace, PosixFilePermissions.fromString("rwxrwxrwx"));
        SandboxCommand command = new SandboxCommand(SandboxSettings.DEFAULTS.withProcesses(8),
                CodeSandbox.BWRAP_CANDIDATES.getFirst(), false);
        List<String> argv = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        argv.addAll(command.command(workspace, -1, List.of("/usr/bin/bash", "-c", """
                grep -E '^Cap(Eff|Bnd)' /proc/self/status
                cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '
                echo kept > state.txt; pwd
                exec python3 - <<'PY'
                import os, time
                started = 0
                try:
                    for _ in range(20):
                        if os.fork() == 0:
                            time.sleep(2)
                            os._exit(0)
                        started += 1
                except OSError:
                    pass
                print('forked fewer than 8:', started < 8)
                PY
                """)));
        CodeResult result = new BoundedProcess(argv, workspace, command.environment(workspace),
                SandboxSettings.DEFAULTS.wall(), 64 * 1024).run(true);
        assertThat(result.stdout()).as(result.stderr()).isEqualTo("""
                CapEff:\t0000000000000000
                CapBnd:\t0000000000000000
                lo
                /workspace
                forked fewer than 8: True
                """);
        assertThat(Files.readString(workspace.resolve("state.txt"))).isEqualTo("kept\n");
    }
}
