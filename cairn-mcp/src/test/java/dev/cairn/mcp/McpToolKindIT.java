package dev.cairn.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.AgentSpec;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MCP tools from the real filesystem and everything servers, over stdio and Streamable HTTP. */
class McpToolKindIT {

    static final McpToolKind.Options FAST = new McpToolKind.Options(Duration.ofSeconds(60), Duration.ofMillis(200),
            Duration.ofSeconds(2), Duration.ofMinutes(10));

    @TempDir
    Path folder;

    private McpToolKind kind = McpToolKind.create(FAST);

    @AfterEach
    void stop() {
        kind.close();
    }

    static ToolEntry entry(String name, List<String> command, String more) {
        String json = "{\"name\":\"" + name + "\",\"command\":" + Json.write(command) + more + "}";
        return new ToolEntry(null, null, null, null, null, "mcp", Json.constant(json), null);
    }

    static AgentSpec agent(String name, ToolEntry... tools) {
        return new AgentSpec(name, null, null, null, null, List.of(tools), null, null);
    }

    static Map<String, Tool> byName(List<Tool> tools) {
        return tools.stream().collect(Collectors.toMap(tool -> tool.definition().name(), tool -> tool));
    }

    static ToolOutcome call(Tool tool, String arguments) throws Exception {
        return tool.call(new ToolInvocation("t1", "s1", "r1", "c1", "k1", Json.parse(arguments), Map.of()));
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void eachTenantHasItsOwnServerProcessSharedByItsSessions() throws Exception {
        ToolEntry entry = entry("files", McpTestServers.filesystem(folder), "");
        AgentSpec librarian = agent("librarian", entry);

        assertThat(kind.tools("acme", librarian, entry)).isNotEmpty();
        List<Long> acme = kind.processes().stream().map(ProcessHandle::pid).toList();
        assertThat(acme).isNotEmpty();
        assertThat(kind.tools("globex", librarian, entry)).isNotEmpty();
        List<Long> both = kind.processes().stream().map(ProcessHandle::pid).toList();
        assertThat(both).hasSize(2 * acme.size()).containsAll(acme);
        assertThat(kind.tools("acme", librarian, entry)).isNotEmpty();
        assertThat(kind.processes().stream().map(ProcessHandle::pid).toList()).containsExactlyInAnyOrderElementsOf(both);
    }

    @Test
    void theFilesystemServersToolsAreListedAndCalled() throws Exception {
        Files.writeString(folder.resolve("notes.txt"), "the lighthouse keeper's notes");
        ToolEntry entry = entry("files", McpTestServers.filesystem(folder), "");
        Map<String, Tool> tools = byName(kind.tools(agent("librarian", entry), entry));

        assertThat(tools).containsKeys("files__read_text_file", "files__write_file", "files__list_directory");
        Tool read = tools.get("files__read_text_file");
        assertThat(read.definition().description()).contains("Read the complete contents of a file");
        JsonNode schema = read.definition().inputSchema();
        assertThat(schema.path("properties").has("path")).isTrue();
        assertThat(schema.path("required").toString()).contains("path");

        ToolOutcome outcome = call(read, "{\"path\": \"" + folder.resolve("notes.txt") + "\"}");
        assertThat(outcome).isEqualTo(ToolOutcome.success("the lighthouse keeper's notes"));
        ToolOutcome outside = call(read, "{\"path\": \"/etc/hostname\"}");
        assertThat(outside).isInstanceOfSatisfying(ToolOutcome.Failure.class,
                failure -> assertThat(failure.error()).containsIgnoringCase("access denied"));
    }

    @Test
    void idempotencyComesFromTheEntryOrTheToolsHints() throws Exception {
        ToolEntry entry = entry("files", McpTestServers.filesystem(folder), "");
        Map<String, Tool> tools = byName(kind.tools(agent("librarian", entry), entry));
        assertThat(tools.get("files__read_text_file").idempotent()).as("readOnlyHint").isTrue();
        assertThat(tools.get("files__write_file").idempotent()).as("idempotentHint").isTrue();
        assertThat(tools.get("files__edit_file").idempotent()).as("neither hint").isFalse();
        assertThat(tools.get("files__move_file").idempotent()).as("neither hint").isFalse();

        ToolEntry trusted = new ToolEntry(null, null, null, null, true, "mcp", entry.declaration(), null);
        assertThat(byName(kind.tools(agent("trusting", trusted), trusted)).get("files__move_file").idempotent()).isTrue();
        ToolEntry distrusted = new ToolEntry(null, null, null, null, false, "mcp", entry.declaration(), null);
        assertThat(byName(kind.tools(agent("careful", distrusted), distrusted)).get("files__read_text_file").idempotent())
                .isFalse();
    }

    @Test
    void theEverythingServersToolsAnswerTextImagesAndStructuredContent() throws Exception {
        ToolEntry entry = entry("everything", McpTestServers.everything(), "");
        Map<String, Tool> tools = byName(kind.tools(agent("tester", entry), entry));
        assertThat(call(tools.get("everything__echo"), "{\"message\": \"hello\"}"))
                .isEqualTo(ToolOutcome.success("Echo: hello"));
        assertThat(call(tools.get("everything__get-sum"), "{\"a\": 2, \"b\": 3}"))
                .isInstanceOfSatisfying(ToolOutcome.Success.class, success -> assertThat(success.output()).contains("5"));
        assertThat(call(tools.get("everything__get-tiny-image"), "{}"))
                .isInstanceOfSatisfying(ToolOutcome.Success.class,
                        success -> assertThat(success.output()).containsPattern("\\[image: image/png, \\d+ bytes]"));
        assertThat(call(tools.get("everything__echo"), "{}")).isInstanceOf(ToolOutcome.Failure.class);
    }

    @Test
    void theToolListIsRefreshedWhenTheServerSaysItChanged() throws Exception {
        ToolEntry entry = entry("everything", McpTestServers.everything(), "");
        AgentSpec agent = agent("tester", entry);
        kind.tools(agent, entry);
        McpServer server = kind.servers().server("", agent, McpDeclaration.of(entry));
        // The server registers simulate-research-query once the handshake is done, and says so.
        await(() -> server.toolListChanges() > 0, "a tools/list_changed notification");
        assertThat(byName(kind.tools(agent, entry))).containsKey("everything__simulate-research-query");
    }

    @Test
    void aServerThatDiesIsRestartedWithItsToolsListedAgain() throws Exception {
        kind.close();
        kind = McpToolKind.create(new McpToolKind.Options(Duration.ofSeconds(60), Duration.ofSeconds(6),
                Duration.ofSeconds(12), Duration.ofMinutes(10)));
        ToolEntry entry = entry("everything", McpTestServers.everything(), "");
        AgentSpec agent = agent("tester", entry);
        Tool echo = byName(kind.tools(agent, entry)).get("everything__echo");
        ProcessHandle first = kind.processes().getFirst();

        first.destroyForcibly();
        await(() -> kind.processes().isEmpty(), "the exit to be noticed");
        ToolOutcome whileDown = call(echo, "{\"message\": \"are you there\"}");
        assertThat(whileDown).isInstanceOfSatisfying(ToolOutcome.Failure.class, failure -> assertThat(failure.error())
                .contains("MCP server 'everything' is not running: it exited with code 137")
                .contains("Cairn starts it again in"));
        await(() -> kind.processes().stream().anyMatch(ProcessHandle::isAlive), "a restart after the backoff");
        assertThat(kind.processes()).noneMatch(process -> process.pid() == first.pid());
        assertThat(kind.servers().server("", agent, McpDeclaration.of(entry)).starts()).as("listed at each start").isEqualTo(2);
        assertThat(byName(kind.tools(agent, entry))).containsKey("everything__echo");
        assertThat(call(echo, "{\"message\": \"back\"}")).isEqualTo(ToolOutcome.success("Echo: back"));
    }

    @Test
    void aCallLongerThanTheTimeoutFailsClearly() throws Exception {
        ToolEntry entry = entry("everything", McpTestServers.everything(), ",\"timeout\":\"1s\"");
        Tool slow = byName(kind.tools(agent("tester", entry), entry)).get("everything__trigger-long-running-operation");
        ToolOutcome outcome = call(slow, "{\"duration\": 5, \"steps\": 5}");
        assertThat(outcome).isInstanceOfSatisfying(ToolOutcome.Failure.class, failure -> assertThat(failure.error())
                .contains("MCP server 'everything' did not answer the call of trigger-long-running-operation within 1s"));
    }

    @Test
    void aCallWhoseServerDiesFailsWhenItDies() throws Exception {
        ToolEntry entry = entry("everything", McpTestServers.everything(), ",\"timeout\":\"5m\"");
        Tool slow = byName(kind.tools(agent("tester", entry), entry)).get("everything__trigger-long-running-operation");
        ProcessHandle server = kind.processes().getFirst();
        java.util.concurrent.CompletableFuture<ToolOutcome> outcome = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return call(slow, "{\"duration\": 120, \"steps\": 2}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await(() -> server.isAlive() && kind.servers().server("", "tester", McpDeclaration.of(entry)).idleNanos() == 0,
                "the call to be under way");
        server.destroyForcibly();
        assertThat(outcome.get(30, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOfSatisfying(ToolOutcome.Failure.class, failure -> assertThat(failure.error()).contains(
                        "MCP server 'everything' stopped during the call of trigger-long-running-operation: "
                                + "it exited with code 137"));
    }

    @Test
    void closingStopsTheProcessesAServerStarted() throws Exception {
        // sh starts node as its child rather than becoming it, as launchers such as npx do
        List<String> command = List.of("sh", "-c", String.join(" ", McpTestServers.everything()) + "; true");
        ToolEntry entry = entry("wrapped", command, "");
        Tool echo = byName(kind.tools(agent("tester", entry), entry)).get("wrapped__echo");
        assertThat(call(echo, "{\"message\": \"through sh\"}")).isEqualTo(ToolOutcome.success("Echo: through sh"));
        List<ProcessHandle> processes = kind.processes();
        assertThat(processes).hasSizeGreaterThanOrEqualTo(2)
                .anySatisfy(process -> assertThat(process.info().command().orElse("")).endsWith("node"));

        kind.close();
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aServerWhoseLauncherDiesIsStoppedWithWhatItStartedAndStartedAgain() throws Exception {
        // the launcher leaves a helper that, unlike the server, does not end when its input closes
        List<String> command = List.of("sh", "-c", "sleep 300 & " + String.join(" ", McpTestServers.everything()) + "; true");
        ToolEntry entry = entry("wrapped", command, "");
        Tool echo = byName(kind.tools(agent("tester", entry), entry)).get("wrapped__echo");
        List<ProcessHandle> first = kind.processes();
        ProcessHandle launcher = first.stream().filter(process -> process.info().command().orElse("").endsWith("sh"))
                .findFirst().orElseThrow();
        assertThat(first).anySatisfy(process -> assertThat(process.info().command().orElse("")).endsWith("sleep"));

        launcher.destroyForcibly();
        for (ProcessHandle process : first) {
            await(() -> !process.isAlive(), "the launcher's server to be stopped: " + process.pid());
        }
        await(() -> {
            try {
                return call(echo, "{\"message\": \"again\"}").equals(ToolOutcome.success("Echo: again"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the server to be started again");
    }

    @Test
    void aServerThatCannotStartGivesNoToolsAndAClearError() throws Exception {
        ToolEntry entry = entry("ghost", List.of(folder.resolve("no-such-program").toString()), "");
        AgentSpec agent = agent("tester", entry);
        assertThat(kind.tools(agent, entry)).isEmpty();
        ToolOutcome outcome = kind.servers().server("", agent, McpDeclaration.of(entry)).call("anything", Map.of());
        assertThat(outcome).isInstanceOfSatisfying(ToolOutcome.Failure.class, failure -> assertThat(failure.error())
                .contains("MCP server 'ghost' is not running").contains("no-such-program"));

        ToolEntry exits = entry("broken", McpTestServers.filesystem(folder.resolve("missing-folder")), "");
        assertThat(kind.tools(agent("tester2", exits), exits)).isEmpty();
        ToolOutcome exited = kind.servers().server("", agent("tester2", exits), McpDeclaration.of(exits)).call("x", Map.of());
        assertThat(exited).isInstanceOfSatisfying(ToolOutcome.Failure.class, failure -> assertThat(failure.error())
                .contains("exited with code 1 while starting").contains("missing-folder"));
    }

    @Test
    void aChangedAgentStopsTheServersItNoLongerDeclaresAndClosingStopsTheRest() throws Exception {
        Files.createDirectories(folder.resolve("a"));
        Files.createDirectories(folder.resolve("b"));
        ToolEntry before = entry("files", McpTestServers.filesystem(folder.resolve("a")), "");
        kind.tools(agent("librarian", before), before);
        List<ProcessHandle> first = kind.processes();
        assertThat(first).isNotEmpty();

        ToolEntry after = entry("files", McpTestServers.filesystem(folder.resolve("b")), "");
        kind.tools(agent("librarian", after), after);
        for (ProcessHandle process : first) {
            await(() -> !process.isAlive(), "the server of the old definition to stop: " + process.pid());
        }
        List<ProcessHandle> second = kind.processes();
        assertThat(second).isNotEmpty().allMatch(ProcessHandle::isAlive);

        kind.close();
        assertThat(second).noneMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid))
                .doesNotContainAnyElementsOf(second.stream().map(ProcessHandle::pid).toList());
    }

    @Test
    void anIdleServerIsStoppedAndStartedAgainOnUse() throws Exception {
        kind.close();
        kind = McpToolKind.create(new McpToolKind.Options(Duration.ofSeconds(60), Duration.ofMillis(200),
                Duration.ofSeconds(2), Duration.ofSeconds(1)));
        ToolEntry entry = entry("everything", McpTestServers.everything(), "");
        Tool echo = byName(kind.tools(agent("tester", entry), entry)).get("everything__echo");
        ProcessHandle first = kind.processes().getFirst();
        await(() -> !first.isAlive(), "the idle server to stop");
        assertThat(call(echo, "{\"message\": \"again\"}")).isEqualTo(ToolOutcome.success("Echo: again"));
        assertThat(kind.processes()).isNotEmpty().noneMatch(process -> process.pid() == first.pid());
    }

    @Test
    void aStreamableHttpServerIsListedAndCalled() throws Exception {
        int port = McpTestServers.freePort();
        Process server = McpTestServers.everythingOverHttp(port);
        try {
            ToolEntry entry = new ToolEntry(null, null, null, null, null, "mcp",
                    Json.constant("{\"name\":\"web\",\"url\":\"http://127.0.0.1:" + port + "/mcp\"}"), null);
            assertThat(McpDeclaration.problems(entry)).isEmpty();
            Map<String, Tool> tools = byName(kind.tools(agent("tester", entry), entry));
            assertThat(call(tools.get("web__echo"), "{\"message\": \"over http\"}"))
                    .isEqualTo(ToolOutcome.success("Echo: over http"));

            server.destroy();
            server.onExit().get();
            ToolOutcome down = call(tools.get("web__echo"), "{\"message\": \"anyone\"}");
            assertThat(down).isInstanceOfSatisfying(ToolOutcome.Failure.class,
                    failure -> assertThat(failure.error()).contains("MCP server 'web' failed the call of echo"));
            assertThat(call(tools.get("web__echo"), "{\"message\": \"anyone\"}"))
                    .isInstanceOfSatisfying(ToolOutcome.Failure.class, failure -> assertThat(failure.error())
                            .contains("MCP server 'web' is not running").contains("127.0.0.1:" + port));

            server = McpTestServers.everythingOverHttp(port);
            Tool echo = tools.get("web__echo");
            await(() -> {
                try {
                    return call(echo, "{\"message\": \"back\"}").equals(ToolOutcome.success("Echo: back"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "the client to reach the server again");
        } finally {
            server.destroyForcibly();
        }
    }
}
