package dev.cairn.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.tool.ToolOutcome;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MCP results become outcomes: text kept, other content summarized, errors failures. */
class McpResultsTest {

    @Test
    void textIsKeptAndImagesAndLinksSummarized() {
        McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent("first"),
                        new McpSchema.ImageContent(null, "aGVsbG8=", "image/png"),
                        McpSchema.ResourceLink.builder().name("notes").uri("file:///srv/notes.txt").mimeType("text/plain").build(),
                        new McpSchema.EmbeddedResource(null, new McpSchema.TextResourceContents("file:///a.txt", "text/plain", "inside"))))
                .build();
        ToolOutcome outcome = McpResults.outcome(result);
        assertThat(outcome).isEqualTo(ToolOutcome.success("first\n[image: image/png, 5 bytes]\n"
                + "[resource link: notes <file:///srv/notes.txt>, text/plain]\n[resource file:///a.txt]\ninside"));
    }

    @Test
    void structuredContentIsWrittenAsJsonWhenThereIsNoText() {
        McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
                .content(List.of()).structuredContent(Map.of("temperature", 21)).build();
        assertThat(McpResults.outcome(result)).isEqualTo(ToolOutcome.success("{\"temperature\":21}"));
    }

    @Test
    void anErrorResultIsAFailedCall() {
        McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
                .content(List.of(new McpSchema.TextContent("no such file"))).isError(true).build();
        assertThat(McpResults.outcome(result)).isEqualTo(ToolOutcome.failure("no such file"));
        assertThat(McpResults.outcome(McpSchema.CallToolResult.builder().content(List.of()).isError(true).build()))
                .isEqualTo(ToolOutcome.failure("the tool reported an error without a message"));
    }
}
