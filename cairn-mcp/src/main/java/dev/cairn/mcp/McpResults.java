package dev.cairn.mcp;

import dev.cairn.core.json.Json;
import dev.cairn.core.tool.ToolOutcome;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an MCP tool result into a tool outcome the model reads: text is kept as it is, images,
 * audio and binary resources are summarized by type and size, resource links by name and URI, and
 * structured content is written as JSON when the result has no text beside it. A result marked
 * {@code isError} is a failed call. Stateless.
 */
final class McpResults {

    private McpResults() {
    }

    static ToolOutcome outcome(McpSchema.CallToolResult result) {
        List<String> parts = new ArrayList<>();
        boolean text = false;
        for (McpSchema.Content content : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            if (content instanceof McpSchema.TextContent textContent) {
                text = true;
            }
            parts.add(describe(content));
        }
        if (!text && result.structuredContent() != null) {
            parts.add(Json.write(result.structuredContent()));
        }
        String output = String.join("\n", parts);
        if (Boolean.TRUE.equals(result.isError())) {
            return ToolOutcome.failure(output.isEmpty() ? "the tool reported an error without a message" : output);
        }
        return ToolOutcome.success(output);
    }

    private static String describe(McpSchema.Content content) {
        return switch (content) {
            case McpSchema.TextContent text -> text.text();
            case McpSchema.ImageContent image -> "[image: " + image.mimeType() + ", " + decodedSize(image.data()) + " bytes]";
            case McpSchema.AudioContent audio -> "[audio: " + audio.mimeType() + ", " + decodedSize(audio.data()) + " bytes]";
            case McpSchema.ResourceLink link -> "[resource link: " + link.name() + " <" + link.uri() + ">"
                    + (link.mimeType() == null ? "" : ", " + link.mimeType()) + "]";
            case McpSchema.EmbeddedResource embedded -> describe(embedded.resource());
            default -> "[" + content.type() + " content]";
        };
    }

    private static String describe(McpSchema.ResourceContents resource) {
        return switch (resource) {
            case McpSchema.TextResourceContents text -> "[resource " + text.uri() + "]\n" + text.text();
            case McpSchema.BlobResourceContents blob -> "[resource " + blob.uri() + ": " + blob.mimeType() + ", "
                    + decodedSize(blob.blob()) + " bytes]";
            default -> "[resource " + resource.uri() + "]";
        };
    }

    /** The size of base64 {@code data} once decoded, without decoding it. */
    static long decodedSize(String data) {
        if (data == null || data.isEmpty()) {
            return 0;
        }
        int padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
        return data.length() / 4L * 3 - padding;
    }
}
