package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.server.Cairn;
import dev.cairn.server.config.CairnConfig;
import dev.cairn.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent with the real MCP filesystem server, on a whole Cairn server: the API lists the
 * server's tools, a run calls one, and stopping Cairn stops the server's process.
 */
class McpToolsApiIT {

    private static final String ADMIN_KEY = "admin-key-for-the-mcp-test";

    @TempDir
    Path folder;

    @Test
    void aRunReadsAFileThroughTheFilesystemServerAndClosingCairnStopsIt() throws Exception {
        Path docs = Files.createDirectories(folder.resolve("docs"));
        Files.writeString(docs.resolve("tides.txt"), "High tide at 06:12 and 18:40.");
        Files.writeString(folder.resolve("cairn.yaml"), """
                providers: [{name: scripted, type: scripted}]
                routes: {default: {targets: [{provider: scripted, model: scripted}]}}
                admin_key: %s
                """.formatted(ADMIN_KEY));
        CairnConfig config = ConfigLoader.create(Map.of()).load(new ConfigLoader.Overrides(folder.resolve("cairn.yaml"), 0,
                folder.resolve("data"), "127.0.0.1"));
        Cairn cairn = Cairn.start(config, ConfigLoader.create(Map.of()));
        List<ProcessHandle> servers;
        try {
            HttpApi api = new HttpApi(cairn.baseUrl(), ADMIN_KEY);
            String problem = api.post("/v1/agents", "{\"name\": \"broken\", \"tools\": [{\"mcp\": {\"name\": \"files\", "
                    + "\"command\": []}}]}").error(422, "validation_failed");
            assertThat(problem).contains("tools[0].mcp.command must be a non-empty list of strings");
            String twice = api.post("/v1/agents", "{\"name\": \"twice\", \"tools\": ["
                    + "{\"mcp\": {\"name\": \"files\", \"command\": [\"a\"]}}, "
                    + "{\"mcp\": {\"name\": \"files\", \"url\": \"http://127.0.0.1:9/mcp\"}}]}").error(422, "validation_failed");
            assertThat(twice).contains("tools[1] 'files' is listed twice");
            api.get("/v1/agents/twice").expect(404);
            Path example = repositoryRoot().resolve("examples/docs-assistant.yaml");
            api.post("/v1/agents", "application/yaml", Files.readAllBytes(example)).expect(201);

            com.fasterxml.jackson.databind.node.ObjectNode agent = Json.object().put("name", "librarian");
            agent.putArray("tools").addObject().set("mcp", Json.tree(Map.of("name", "files",
                    "command", List.of("node", filesystemServer().toString(), docs.toString()))));
            api.post("/v1/agents", agent.toString()).expect(201);

            JsonNode tools = api.get("/v1/agents/librarian/tools").expect(200).json().get("tools");
            JsonNode read = find(tools, "files__read_text_file");
            assertThat(read.get("description").asText()).contains("Read the complete contents of a file");
            assertThat(read.at("/input_schema/properties/path/type").asText()).isEqualTo("string");
            assertThat(read.get("kind").asText()).isEqualTo("mcp");
            assertThat(read.get("idempotent").asBoolean()).isTrue();
            assertThat(find(tools, "files__move_file").get("idempotent").asBoolean()).isFalse();
            servers = filesystemServers();
            assertThat(servers).isNotEmpty();

            String session = api.post("/v1/sessions", "{\"agent\": \"librarian\"}").expect(201).json().get("id").asText();
            JsonNode message = Json.object().put("content", "/call files__read_text_file "
                    + Json.object().put("path", docs.resolve("tides.txt").toString())).put("wait", true);
            String runId = api.post("/v1/sessions/" + session + "/messages", message.toString()).expect(200, 202)
                    .json().at("/run/id").asText();
            JsonNode run = ApprovalsApiTest.endedRun(api, runId);
            assertThat(run.get("state").asText()).isEqualTo("completed");
            assertThat(run.get("output").asText()).isEqualTo("files__read_text_file -> High tide at 06:12 and 18:40.");
            List<JsonNode> completed = new ArrayList<>();
            api.get("/v1/sessions/" + session + "/events?limit=100").expect(200).json().get("events").forEach(event -> {
                if (event.get("type").asText().equals("tool.completed")) {
                    completed.add(event);
                }
            });
            assertThat(completed).hasSize(1);
            assertThat(completed.getFirst().get("tool").asText()).isEqualTo("files__read_text_file");
            assertThat(completed.getFirst().toString()).contains("High tide at 06:12 and 18:40.");
        } finally {
            cairn.close();
        }
        assertThat(servers).noneMatch(ProcessHandle::isAlive);
        assertThat(filesystemServers()).isEmpty();
    }

    private static JsonNode find(JsonNode tools, String name) {
        for (JsonNode tool : tools) {
            if (tool.get("name").asText().equals(name)) {
                return tool;
            }
        }
        throw new AssertionError("no tool " + name + " in " + tools);
    }

    /** This JVM's live descendants running the filesystem server. */
    private static List<ProcessHandle> filesystemServers() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(process -> process.info().arguments().map(List::of).orElse(List.of()).stream()
                        .anyMatch(argument -> argument.contains("server-filesystem")))
                .toList();
    }

    /** The filesystem server installed in cairn-mcp/src/test/npm (./cairn test installs it with npm ci). */
    static Path filesystemServer() {
        Path npm = repositoryRoot().resolve("cairn-mcp/src/test/npm");
        Path script = npm.resolve("node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");
        if (!Files.isRegularFile(script)) {
            throw new AssertionError("the MCP test servers are not installed at " + npm
                    + "; install them with: (cd cairn-mcp/src/test/npm && npm ci)  (./cairn test does this)");
        }
        return script;
    }

    private static Path repositoryRoot() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.isRegularFile(at.resolve("cairn-mcp/src/test/npm/package-lock.json"))) {
                return at;
            }
        }
        throw new AssertionError("cairn-mcp/src/test/npm was not found above " + Path.of("").toAbsolutePath());
    }
}
