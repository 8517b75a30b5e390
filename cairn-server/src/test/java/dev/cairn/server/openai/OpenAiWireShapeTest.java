package dev.cairn.server.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.cairn.core.json.Json;
import dev.cairn.testing.wire.Cassette;
import dev.cairn.testing.wire.Fixtures;
import dev.cairn.testing.wire.Interaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cairn's responses, items and stream events have the shapes of the real Responses API: every field
 * the recorded traffic's objects carry, that Cairn can know, is present in Cairn's, with the same
 * JSON type wherever the recording's value is not null.
 */
class OpenAiWireShapeTest {

    /**
     * Cassettes whose bodies were written by hand rather than recorded (ids such as {@code resp_1234},
     * fields of an early draft of the API such as {@code status_details}).
     */
    private static final String HAND_WRITTEN = "test_openai_previous_response_id";

    /** What OpenAI's own service decides and Cairn has no counterpart of. */
    private static final Set<String> NOT_CAIRNS = Set.of("billing", "moderation", "prompt_cache_retention", "obfuscation");

    @TempDir
    Path folder;

    private OpenAiFixture fixture;
    private RawApi api;

    @BeforeEach
    void start() {
        fixture = OpenAiFixture.start(folder);
        api = new RawApi(fixture.baseUrl(), fixture.key);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void responsesItemsAndEventsCarryTheRecordedFields() {
        Recorded recorded = Recorded.load();
        assertThat(recorded.responses).isNotEmpty();
        assertThat(recorded.events).isNotEmpty();

        List<JsonNode> responses = new ArrayList<>();
        JsonNode text = RawApi.json(api.post("/responses", "{\"model\": \"scripted\", \"instructions\": \"Be brief.\", "
                + "\"input\": \"hello\"}"));
        responses.add(text);
        responses.add(RawApi.json(api.post("/responses", "{\"model\": \"scripted\", \"previous_response_id\": \""
                + text.get("id").asText() + "\", \"input\": \"again\"}")));
        JsonNode call = RawApi.json(api.post("/responses", "{\"model\": \"scripted\", \"instructions\": \"Use tools.\", "
                + "\"tools\": [{\"type\": \"function\", \"name\": \"get_code\", \"description\": null, \"parameters\": "
                + "{\"type\": \"object\", \"properties\": {}, \"additionalProperties\": false}, \"strict\": false}], "
                + "\"input\": \"/call get_code {}\"}"));
        responses.add(call);
        String conversation = RawApi.json(api.post("/conversations", "{}")).get("id").asText();
        responses.add(RawApi.json(api.post("/responses", "{\"model\": \"default\", \"conversation\": \"" + conversation
                + "\", \"input\": \"in a conversation\"}")));
        List<JsonNode> events = RawApi.events(api.post("/responses", "{\"model\": \"scripted\", \"instructions\": \"Be "
                + "brief.\", \"stream\": true, \"input\": \"stream me\"}").body());
        events.stream().filter(event -> event.has("response")).forEach(event -> responses.add(event.get("response")));

        List<JsonNode> items = new ArrayList<>();
        responses.forEach(response -> response.get("output").forEach(items::add));
        assertThat(items).anyMatch(item -> item.get("type").asText().equals("function_call"));

        assertCarries("response", recorded.responses, responses, node -> "response");
        assertCarries("output item", recorded.items, items, node -> node.get("type").asText());
        assertCarries("content part", recorded.parts, parts(items), node -> node.get("type").asText());
        assertCarries("usage", recorded.usages, responses.stream().map(r -> r.get("usage"))
                .filter(usage -> !usage.isNull()).toList(), node -> "usage");
        assertCarries("stream event", recorded.events, events, node -> node.get("type").asText());
        List<String> order = events.stream().map(event -> event.get("type").asText()).toList();
        List<String> recordedOrder = recorded.eventOrder.stream().filter(type -> !type.equals("response.queued"))
                .distinct().toList();
        assertThat(order.stream().distinct().toList()).containsExactlyElementsOf(recordedOrder);
    }

    private static List<JsonNode> parts(List<JsonNode> items) {
        List<JsonNode> parts = new ArrayList<>();
        items.forEach(item -> item.path("content").forEach(parts::add));
        return parts;
    }

    /**
     * For every kind of recorded object, every field it carries is in each of Cairn's objects of that
     * kind, and each JSON type the recordings give it (other than null) is one Cairn gives it somewhere.
     */
    private static void assertCarries(String what, List<JsonNode> recorded, List<JsonNode> cairns,
                                      Function<JsonNode, String> kindOf) {
        Map<String, Map<String, Set<JsonNodeType>>> expected = fieldTypes(recorded, kindOf);
        Map<String, Map<String, Set<JsonNodeType>>> actual = fieldTypes(cairns, kindOf);
        expected.forEach((kind, fields) -> {
            if (!actual.containsKey(kind)) {
                return; // a kind Cairn does not make (reasoning items, queued events of background mode)
            }
            fields.forEach((field, types) -> {
                if (NOT_CAIRNS.contains(field) || field.equals("conversation") && kind.equals("response")) {
                    return;
                }
                for (JsonNode cairn : cairns) {
                    if (kindOf.apply(cairn).equals(kind)) {
                        assertThat(cairn.has(field)).as("%s %s has field '%s': %s", what, kind, field, cairn).isTrue();
                    }
                }
                Set<JsonNodeType> cairnTypes = actual.get(kind).get(field);
                types.stream().filter(type -> type != JsonNodeType.NULL).forEach(type -> assertThat(cairnTypes)
                        .as("JSON types of %s %s field '%s'", what, kind, field).contains(type));
            });
        });
        assertThat(actual.keySet()).as("%s kinds Cairn makes that the recordings show", what)
                .containsAnyElementsOf(expected.keySet());
    }

    private static Map<String, Map<String, Set<JsonNodeType>>> fieldTypes(List<JsonNode> nodes,
                                                                       Function<JsonNode, String> kindOf) {
        Map<String, Map<String, Set<JsonNodeType>>> types = new TreeMap<>();
        for (JsonNode node : nodes) {
            Map<String, Set<JsonNodeType>> fields = types.computeIfAbsent(kindOf.apply(node), kind -> new TreeMap<>());
            node.fields().forEachRemaining(field -> fields.computeIfAbsent(field.getKey(),
                    name -> new java.util.TreeSet<>()).add(field.getValue().getNodeType()));
        }
        return types;
    }

    /** What the recorded Responses traffic holds. */
    private static final class Recorded {
        final List<JsonNode> responses = new ArrayList<>();
        final List<JsonNode> items = new ArrayList<>();
        final List<JsonNode> parts = new ArrayList<>();
        final List<JsonNode> usages = new ArrayList<>();
        final List<JsonNode> events = new ArrayList<>();
        final List<String> eventOrder = new ArrayList<>();

        static Recorded load() {
            Recorded recorded = new Recorded();
            try (Stream<Path> files = Files.list(Fixtures.providerWire().resolve("openai-responses"))) {
                files.filter(file -> file.toString().endsWith(".yaml"))
                        .filter(file -> !file.getFileName().toString().startsWith(HAND_WRITTEN)).sorted().forEach(file -> {
                    for (Interaction interaction : Cassette.load(file).interactions()) {
                        recorded.add(interaction.response().bodyText());
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return recorded;
        }

        private void add(String body) {
            if (body.contains("event: response.")) {
                boolean first = eventOrder.isEmpty();
                for (JsonNode event : RawApi.events(body)) {
                    events.add(event);
                    if (first) {
                        eventOrder.add(event.get("type").asText());
                    }
                    if (event.has("response")) {
                        addResponse(event.get("response"));
                    }
                    if (event.has("item")) {
                        items.add(event.get("item"));
                    }
                }
                return;
            }
            try {
                JsonNode json = Json.parse(body);
                if ("response".equals(json.path("object").asText())) {
                    addResponse(json);
                }
            } catch (IOException e) {
                // not JSON: an error page or an empty body
            }
        }

        private void addResponse(JsonNode response) {
            responses.add(response);
            response.path("output").forEach(item -> {
                items.add(item);
                item.path("content").forEach(parts::add);
            });
            if (response.path("usage").isObject()) {
                usages.add(response.get("usage"));
            }
        }
    }
}
