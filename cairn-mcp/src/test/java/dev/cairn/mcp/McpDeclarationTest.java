package dev.cairn.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an {@code mcp} declaration may say, and the problems named when it says it wrong. */
class McpDeclarationTest {

    private static ToolEntry entry(String yaml) throws Exception {
        JsonNode node = Json.yaml().readTree(yaml);
        return new ToolEntry(null, null, null, null, null, "mcp", node, null);
    }

    @Test
    void aStdioDeclarationIsReadWithItsCommandEnvironmentAndTimeout() throws Exception {
        ToolEntry entry = entry("{name: files, command: [npx, -y, \"@modelcontextprotocol/server-filesystem\", /srv/docs], "
                + "env: {LOG_LEVEL: quiet}, timeout: 5s}");
        assertThat(McpDeclaration.problems(entry)).isEmpty();
        McpDeclaration declaration = McpDeclaration.of(entry);
        assertThat(declaration.stdio()).isTrue();
        assertThat(declaration.command()).containsExactly("npx", "-y", "@modelcontextprotocol/server-filesystem", "/srv/docs");
        assertThat(declaration.env()).isEqualTo(Map.of("LOG_LEVEL", "quiet"));
        assertThat(declaration.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anHttpDeclarationIsReadWithTheDefaultTimeout() throws Exception {
        ToolEntry entry = entry("{name: web, url: \"http://127.0.0.1:3001/mcp\"}");
        assertThat(McpDeclaration.problems(entry)).isEmpty();
        McpDeclaration declaration = McpDeclaration.of(entry);
        assertThat(declaration.stdio()).isFalse();
        assertThat(declaration.url().getPort()).isEqualTo(3001);
        assertThat(declaration.timeout()).isEqualTo(McpDeclaration.DEFAULT_TIMEOUT);
    }

    @Test
    void eachProblemIsNamed() throws Exception {
        assertThat(McpDeclaration.problems(entry("{command: [x]}")))
                .anySatisfy(problem -> assertThat(problem).startsWith("mcp.name is required"));
        assertThat(McpDeclaration.problems(entry("{name: \"my files\", command: [x]}")))
                .anySatisfy(problem -> assertThat(problem).contains("mcp.name 'my files' must be 1-32 letters"));
        assertThat(McpDeclaration.problems(entry("{name: files}")))
                .anySatisfy(problem -> assertThat(problem).contains("exactly one of command"));
        assertThat(McpDeclaration.problems(entry("{name: files, command: [x], url: \"http://h/mcp\"}")))
                .anySatisfy(problem -> assertThat(problem).contains("exactly one of command"));
        assertThat(McpDeclaration.problems(entry("{name: files, command: []}")))
                .anySatisfy(problem -> assertThat(problem).contains("mcp.command must be a non-empty list of strings"));
        assertThat(McpDeclaration.problems(entry("{name: files, command: npx}")))
                .anySatisfy(problem -> assertThat(problem).contains("mcp.command must be a non-empty list of strings"));
        assertThat(McpDeclaration.problems(entry("{name: files, command: [npx, 3]}")))
                .anySatisfy(problem -> assertThat(problem).startsWith("mcp.command[1] must be a string"));
        assertThat(McpDeclaration.problems(entry("{name: files, command: [\"\"]}")))
                .anySatisfy(problem -> assertThat(problem).startsWith("mcp.command[0] must be a non-empty string"));
        assertThat(McpDeclaration.problems(entry("{name: web, url: \"ftp://host/mcp\"}")))
                .anySatisfy(problem -> assertThat(problem).contains("must be an http:// or https:// URL"));
        assertThat(McpDeclaration.problems(entry("{name: web, url: \"http://host/mcp\", env: {A: b}}")))
                .anySatisfy(problem -> assertThat(problem).contains("mcp.env applies only to a server started with command"));
        assertThat(McpDeclaration.problems(entry("{name: files, command: [x], env: {A: 1}}")))
                .anySatisfy(problem -> assertThat(problem).startsWith("mcp.env.A must be a string"));
        assertThat(McpDeclaration.problems(entry("{name: files, command: [x], timeout: soon}")))
                .anySatisfy(problem -> assertThat(problem).startsWith("mcp.timeout 'soon' is not a duration"));
        assertThat(McpDeclaration.problems(entry("{name: files, command: [x], timeout: 2h}")))
                .anySatisfy(problem -> assertThat(problem).contains("at most 30m"));
        assertThat(McpDeclaration.problems(entry("{name: files, command: [x], cwd: /tmp}")))
                .anySatisfy(problem -> assertThat(problem).startsWith("mcp.cwd is not a known key"));
        assertThat(McpDeclaration.problems(entry("[files]")))
                .anySatisfy(problem -> assertThat(problem).startsWith("mcp must be an object"));
    }

    @Test
    void fieldsThatBelongToOneToolAreRefusedOnAServer() throws Exception {
        ToolEntry entry = new ToolEntry(null, "files", null, null, null, "mcp",
                Json.yaml().readTree("{name: files, command: [x]}"), Json.object().put("type", "object"));
        List<String> problems = McpDeclaration.problems(entry);
        assertThat(problems).anySatisfy(problem -> assertThat(problem).startsWith("name goes inside the declaration"));
        assertThat(problems).anySatisfy(problem -> assertThat(problem).startsWith("input_schema does not apply"));
    }
}
