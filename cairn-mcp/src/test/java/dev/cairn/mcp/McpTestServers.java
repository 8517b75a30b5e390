package dev.cairn.mcp;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real MCP servers from npm the tests start: {@code @modelcontextprotocol/server-filesystem}
 * and {@code @modelcontextprotocol/server-everything}, at the versions pinned in
 * {@code cairn-mcp/src/test/npm}. They must be installed there ({@code npm ci}, which
 * {@code ./cairn test} does); a test fails saying so when they are not.
 */
final class McpTestServers {

    private McpTestServers() {
    }

    /** {@code node} running the filesystem server over {@code root}. */
    static List<String> filesystem(Path root) {
        return List.of("node", script("server-filesystem").toString(), root.toString());
    }

    /** {@code node} running the everything server over stdio. */
    static List<String> everything() {
        return List.of("node", script("server-everything").toString(), "stdio");
    }

    static Path script(String server) {
        Path script = npmFolder().resolve("node_modules/@modelcontextprotocol/" + server + "/dist/index.js");
        if (!Files.isRegularFile(script)) {
            throw new AssertionError("the MCP test server @modelcontextprotocol/" + server + " is not installed at "
                    + script + "; install the pinned servers with: (cd cairn-mcp/src/test/npm && npm ci)  "
                    + "(./cairn test does this before the tests)");
        }
        return script;
    }

    private static Path npmFolder() {
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            for (Path candidate : List.of(folder.resolve("src/test/npm"), folder.resolve("cairn-mcp/src/test/npm"))) {
                if (Files.isRegularFile(candidate.resolve("package-lock.json"))) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("cairn-mcp/src/test/npm was not found above " + Path.of("").toAbsolutePath());
    }

    /** The everything server over Streamable HTTP on a free loopback port, answering at {@code /mcp}. */
    static Process everythingOverHttp(int port) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", script("server-everything").toString(), "streamableHttp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", Integer.toString(port));
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the everything server exited with code " + process.exitValue());
            }
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return process;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("the everything server did not listen on port " + port + " within 30s");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
