package dev.cairn.testing.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A VCR cassette: recorded HTTP interactions, in the order they happened.
 *
 * <p>The YAML format is the one described in {@code shared/fixtures/provider-wire/README.md}:
 * {@code interactions} is a list of {@code {request, response}}; a response body is either
 * {@code parsed_body} (JSON, replayed as JSON) or {@code body.string} (text such as server-sent
 * events, or {@code !!binary} bytes, replayed as is). A request body recorded as JSON text
 * ({@code body}) rather than {@code parsed_body} is read as JSON too. Immutable.
 *
 * @param origin       where the interactions come from: the file read, or a note for written ones
 * @param interactions the recorded exchanges, in order
 */
public record Cassette(String origin, List<Interaction> interactions) {

    private static final Set<String> FRAMING_HEADERS =
            Set.of("content-length", "transfer-encoding", "content-encoding", "connection");

    public Cassette {
        Objects.requireNonNull(origin, "origin");
        interactions = List.copyOf(interactions);
    }

    /**
     * Interactions written in a test, for what no recording holds (say so in {@code origin},
     * and follow a recording's shapes).
     */
    public static Cassette of(String origin, Interaction... interactions) {
        return new Cassette(origin, List.of(interactions));
    }

    /**
     * Reads a cassette.
     *
     * @throws UncheckedIOException     when the file cannot be read or is not YAML
     * @throws IllegalArgumentException when an interaction lacks a request or a response status
     */
    public static Cassette load(Path file) {
        JsonNode root;
        try {
            root = Json.yaml().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cassette " + file, e);
        }
        List<Interaction> interactions = new ArrayList<>();
        for (JsonNode node : root.path("interactions")) {
            interactions.add(new Interaction(request(file, node.path("request")), response(file, node.path("response"))));
        }
        return new Cassette(file.toString(), interactions);
    }

    /** The cassette's interactions that {@code keep} accepts, in order. */
    public Cassette only(Predicate<Interaction> keep) {
        return new Cassette(origin, interactions.stream().filter(keep).toList());
    }

    /** The cassette without its first {@code count} interactions, to replay a later call on its own. */
    public Cassette skip(int count) {
        return new Cassette(origin + " from interaction " + count, interactions.subList(Math.min(count, interactions.size()), interactions.size()));
    }

    /** Keeps the interactions whose request has this method and whose path ends with {@code pathSuffix}. */
    public Cassette only(String method, String pathSuffix) {
        return only(interaction -> interaction.request().method().equals(method)
                && interaction.request().path().endsWith(pathSuffix));
    }

    /** The interaction at {@code index}. */
    public Interaction interaction(int index) {
        return interactions.get(index);
    }

    /** The recorded request at {@code index}. */
    public RecordedRequest request(int index) {
        return interactions.get(index).request();
    }

    private static RecordedRequest request(Path file, JsonNode node) {
        if (!node.hasNonNull("method") || !node.hasNonNull("uri")) {
            throw new IllegalArgumentException(file + ": an interaction has no request method or uri");
        }
        JsonNode body = node.get("parsed_body");
        if (body == null || body.isNull()) {
            body = jsonText(node.get("body"));
        }
        return new RecordedRequest(node.get("method").asText().toUpperCase(Locale.ROOT),
                URI.create(node.get("uri").asText()), headers(node.path("headers")),
                body == null || body.isNull() ? null : body);
    }

    /** A request body recorded as text (as the AWS SDK's recordings are), when that text is JSON. */
    private static JsonNode jsonText(JsonNode body) {
        if (body == null || !body.isTextual()) {
            return null;
        }
        try {
            JsonNode parsed = Json.parse(body.asText());
            return parsed.isContainerNode() ? parsed : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static RecordedResponse response(Path file, JsonNode node) {
        JsonNode status = node.path("status").path("code");
        if (!status.canConvertToInt()) {
            throw new IllegalArgumentException(file + ": an interaction has no response status code");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>(headers(node.path("headers")));
        FRAMING_HEADERS.forEach(headers::remove);
        return new RecordedResponse(status.asInt(), headers, body(file, node));
    }

    private static byte[] body(Path file, JsonNode response) {
        if (response.has("parsed_body")) {
            try {
                return Json.mapper().writeValueAsBytes(response.get("parsed_body"));
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": cannot write a recorded body as JSON", e);
            }
        }
        JsonNode string = response.path("body").path("string");
        if (string.isBinary()) {
            try {
                return string.binaryValue();
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": cannot decode a recorded binary body", e);
            }
        }
        return string.isMissingNode() || string.isNull() ? new byte[0] : string.asText().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> headers(JsonNode node) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        node.properties().forEach(field -> {
            List<String> values = new ArrayList<>();
            if (field.getValue().isArray()) {
                field.getValue().forEach(value -> values.add(value.asText()));
            } else {
                values.add(field.getValue().asText());
            }
            headers.put(field.getKey().toLowerCase(Locale.ROOT), List.copyOf(values));
        });
        return headers;
    }
}
