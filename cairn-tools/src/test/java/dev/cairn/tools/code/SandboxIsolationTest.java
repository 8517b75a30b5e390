package dev.cairn.tools.code;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a sandboxed program cannot reach: the network, the system's files for writing, the data
 * folder, other sessions' workspaces and home folders.
 */
class SandboxIsolationTest {

    @TempDir
    Path data;

    @Test
    void aProgramCannotConnectToAServerOnTheHostsLoopback() throws Exception {
        CodeRunHarness harness = new CodeRunHarness(data, SandboxSettings.DEFAULTS);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            JsonNode python = harness.run("ses_a", "python3", """
                    import socket
                    try:
                        socket.create_connection(('127.0.0.1', %d), timeout=5)
                        print('connected')
                    except OSError as e:
                        print('refused', e.errno)
                    """.formatted(server.getLocalPort()));
            assertThat(python.get("stdout").asText()).startsWith("refused");
            JsonNode node = harness.run("ses_a", "node", """
                    require('net').connect(%d, '127.0.0.1').on('connect', () => console.log('connected'))
                        .on('error', e => console.log('refused', e.code));
                    """.formatted(server.getLocalPort()));
            assertThat(node.get("stdout").asText()).startsWith("refused");
            // Any connection that had reached the server would be waiting in its backlog now.
            server.setSoTimeout(1);
            try {
                server.accept().close();
                throw new AssertionError("a sandboxed program reached the host's loopback");
            } catch (SocketTimeoutException expected) {
                // nothing connected
            }
        }
        JsonNode interfaces = harness.run("ses_a", "bash", "cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '");
        assertThat(interfaces.get("stdout").asText()).isEqualTo("lo\n");
    }

    @Test
    void aProgramCannotWriteOutsideItsWorkspace() throws Exception {
        CodeRunHarness harness = new CodeRunHarness(data, SandboxSettings.DEFAULTS);
        Path database = Files.writeString(data.resolve("cairn.db"), "database");
        Path otherWorkspace = Files.createDirectories(data.resolve("workspaces/ses_b"));
        Path secret = Files.writeString(otherWorkspace.resolve("secret.txt"), "other session");
        String[] targets = {"/usr/cairn-escape", "/etc/cairn-escape", "/root/cairn-escape", "/cairn-escape",
                database.toAbsolutePath().toString(), data.toAbsolutePath().resolve("cairn-escape").toString(),
                secret.toAbsolutePath().toString(), "/workspace/../cairn-escape", "/proc/sys/kernel/hostname"};
        StringBuilder script = new StringBuilder("import sys\nfor target in sys.argv[1:] if len(sys.argv) > 1 else [\n");
        for (String target : targets) {
            script.append("        '").append(target).append("',\n");
        }
        script.append("""
                        ]:
                    try:
                        with open(target, 'w') as f:
                            f.write('escaped')
                        print('WROTE', target)
                    except OSError as e:
                        print('refused', target, e.strerror)
                """);
        JsonNode result = harness.run("ses_a", "python3", script.toString());
        assertThat(result.get("stdout").asText()).doesNotContain("WROTE").contains("refused /usr/cairn-escape");
        assertThat(result.get("stdout").asText().lines()).hasSize(targets.length);

        assertThat(Files.readString(database)).isEqualTo("database");
        assertThat(Files.readString(secret)).isEqualTo("other session");
        for (String path : new String[] {"/usr/cairn-escape", "/etc/cairn-escape", "/root/cairn-escape", "/cairn-escape"}) {
            assertThat(Path.of(path)).doesNotExist();
        }
        assertThat(data.resolve("cairn-escape")).doesNotExist();
        assertThat(data.resolve("workspaces/cairn-escape")).doesNotExist();
    }

    @Test
    void aProgramCannotReadTheDataFolderOtherWorkspacesOrHomeFolders() throws Exception {
        CodeRunHarness harness = new CodeRunHarness(data, SandboxSettings.DEFAULTS);
        Files.writeString(data.resolve("cairn.db"), "database secret");
        Files.writeString(Files.createDirectories(data.resolve("workspaces/ses_b")).resolve("secret.txt"), "other session");
        JsonNode result = harness.run("ses_a", "bash", """
                cat %s/cairn.db %s/workspaces/ses_b/secret.txt /workspace/../workspaces/ses_b/secret.txt 2>&1
                ls -A / /root /home %s 2>&1
                ls -A /etc
                cat /etc/passwd /etc/shadow 2>&1
                echo "env: $(env | cut -d= -f1 | sort | tr '\\n' ' ')"
                """.formatted(data.toAbsolutePath(), data.toAbsolutePath(), data.toAbsolutePath()));
        String out = result.get("stdout").asText();
        assertThat(out).doesNotContain("database secret").doesNotContain("other session")
                .contains("/root': No such file or directory").contains("/home': No such file or directory");
        assertThat(out.lines().filter(line -> line.startsWith("env: ")).findFirst().orElseThrow())
                .isEqualTo("env: HOME LANG PATH PWD PYTHONUNBUFFERED SHLVL TMPDIR _ ");
        assertThat(out).contains("/etc/passwd: No such file or directory");
    }
}
