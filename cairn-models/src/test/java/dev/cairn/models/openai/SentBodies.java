package dev.cairn.models.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.testing.model.ProviderScenario;
import dev.cairn.testing.wire.ReceivedRequest;
import dev.cairn.testing.wire.RecordedRequest;
import dev.cairn.testing.wire.WireReplayServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Puts a sent and a recorded request body in a form where they can be compared: fields the
 * recording client sent and Cairn deliberately does not (named per test) are dropped, and so
 * are {@code null} values and empty tool descriptions, which mean the same as absence.
 */
final class SentBodies {

    private SentBodies() {
    }

    static JsonNode comparable(JsonNode body, Set<String> ignoredFields) {
        return comparable(body, ignoredFields, item -> false);
    }

    /** As {@link #comparable(JsonNode, Set)}, also dropping array items that {@code ignoredItem} accepts. */
    static JsonNode comparable(JsonNode body, Set<String> ignoredFields, Predicate<JsonNode> ignoredItem) {
        JsonNode copy = body.deepCopy();
        strip(copy, ignoredFields, ignoredItem);
        return copy;
    }

    private static void strip(JsonNode node, Set<String> ignoredFields, Predicate<JsonNode> ignoredItem) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                boolean emptyDescription = field.getKey().equals("description") && field.getValue().asText("x").isEmpty();
                if (ignoredFields.contains(field.getKey()) || field.getValue().isNull() || emptyDescription) {
                    fields.remove();
                } else {
                    strip(field.getValue(), ignoredFields, ignoredItem);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (ignoredItem.test(array.get(i))) {
                    array.remove(i);
                } else {
                    strip(array.get(i), ignoredFields, ignoredItem);
                }
            }
        }
    }

    /** A tool definition as the recording declared it (Chat Completions nests it under {@code function}). */
    private static ToolDefinition tool(JsonNode recordedTool) {
        JsonNode function = recordedTool.has("function") ? recordedTool.get("function") : recordedTool;
        return new ToolDefinition(function.get("name").asText(), function.path("description").asText(""),
                function.get("parameters"));
    }

    /**
     * Replays the scenario's first answer to one call and returns the request the provider sent,
     * after checking the method, path, bearer key and content type against the recording.
     */
    static ReceivedRequest sendOnce(ProviderScenario scenario, Function<URI, ChatProvider> provider, String apiKey,
                                    StreamListener listener, boolean failureExpected) {
        RecordedRequest recorded = scenario.cassette().request(0);
        try (WireReplayServer server = WireReplayServer.replaying(scenario.cassette())) {
            try {
                provider.apply(server.url(scenario.basePath())).chat(scenario.request(), listener);
            } catch (RuntimeException failure) {
                if (!failureExpected) {
                    throw failure;
                }
            }
            ReceivedRequest sent = server.onlyRequest();
            assertThat(sent.method()).isEqualTo(recorded.method());
            assertThat(sent.path()).isEqualTo(recorded.path());
            assertThat(sent.header("authorization")).isEqualTo("Bearer " + apiKey);
            assertThat(sent.header("content-type")).startsWith("application/json");
            assertThat(sent.json().path("stream").asBoolean(false)).isEqualTo(recorded.body().path("stream").asBoolean(false));
            return sent;
        }
    }

    /** The tools a recorded request declared, as Cairn defines them. */
    static List<ToolDefinition> tools(RecordedRequest recorded) {
        List<ToolDefinition> tools = new ArrayList<>();
        recorded.body().path("tools").forEach(tool -> tools.add(tool(tool)));
        return tools;
    }

    static JsonNode json(String text) {
        try {
            return dev.cairn.core.json.Json.parse(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
