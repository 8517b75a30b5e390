package dev.cairn.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A request's body, read whole under a size limit, with its media type. Decoding checks that the
 * body is UTF-8 and that the media type is one the endpoint takes, and reports the parser's
 * position when JSON or YAML does not parse.
 */
final class RequestBody {

    static final String JSON = "application/json";
    static final List<String> YAML = List.of("application/yaml", "application/x-yaml", "text/yaml");

    private final byte[] bytes;
    private final String mediaType;

    private RequestBody(byte[] bytes, String mediaType) {
        this.bytes = bytes;
        this.mediaType = mediaType;
    }

    /**
     * Reads the body of a request.
     *
     * @throws HttpProblem 413 when it is larger than {@code maxBytes}; 415 when its Content-Type
     *     does not parse or names a charset other than UTF-8
     */
    static RequestBody read(ServerRequest request, long maxBytes) {
        String mediaType = mediaType(request);
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBytes) {
            throw tooLarge(declared.getAsLong() + " bytes", maxBytes);
        }
        if (!request.content().hasEntity()) {
            return new RequestBody(new byte[0], mediaType);
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge("more than " + maxBytes + " bytes", maxBytes);
            }
            return new RequestBody(bytes, mediaType);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    private static HttpProblem tooLarge(String size, long maxBytes) {
        return new HttpProblem(413, "payload_too_large", "the request body has " + size + "; the limit is "
                + maxBytes + " bytes" + (maxBytes % (1024 * 1024) == 0 ? " (" + maxBytes / (1024 * 1024) + " MiB)" : ""));
    }

    private static String mediaType(ServerRequest request) {
        Optional<String> header = request.headers().first(io.helidon.http.HeaderNames.CONTENT_TYPE);
        if (header.isEmpty() || header.get().isBlank()) {
            return "";
        }
        HttpMediaType parsed;
        try {
            parsed = HttpMediaType.create(header.get());
        } catch (RuntimeException e) {
            throw new HttpProblem(415, "unsupported_media_type", "Content-Type '" + header.get() + "' does not parse");
        }
        Optional<String> charset = parsed.charset();
        if (charset.isPresent() && !charset.get().equalsIgnoreCase("utf-8")) {
            throw new HttpProblem(415, "unsupported_media_type", "charset '" + charset.get()
                    + "' is not supported; send UTF-8");
        }
        return parsed.mediaType().text().toLowerCase(Locale.ROOT);
    }

    /**
     * The body of a gzip-compressed request, decompressed, taken as {@code mediaType}.
     *
     * @throws HttpProblem 400 when it is not gzip; 413 when it decompresses to more than {@code maxBytes}
     */
    RequestBody gunzipped(String mediaType, long maxBytes) {
        try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (content.length > maxBytes) {
                throw tooLarge("more than " + maxBytes + " bytes once decompressed", maxBytes);
            }
            return new RequestBody(content, mediaType);
        } catch (IOException e) {
            throw HttpProblem.malformed("the request body is not valid gzip: " + e.getMessage());
        }
    }

    boolean isEmpty() {
        return bytes.length == 0;
    }

    /** The body's bytes as read; not copied. */
    byte[] bytes() {
        return bytes;
    }

    /** The media type without parameters, lowercase; empty when the request named none. */
    String mediaType() {
        return mediaType;
    }

    boolean isYaml() {
        return YAML.contains(mediaType);
    }

    /**
     * Checks the media type against the ones the endpoint takes. A body without a Content-Type is
     * taken as the first of them.
     *
     * @throws HttpProblem 415 naming the supported types
     */
    RequestBody requireMediaType(List<String> supported) {
        if (!mediaType.isEmpty() && !supported.contains(mediaType)) {
            throw new HttpProblem(415, "unsupported_media_type", "Content-Type '" + mediaType
                    + "' is not supported here; send " + String.join(" or ", supported));
        }
        return this;
    }

    /**
     * The body as text.
     *
     * @throws HttpProblem 400 when it is not valid UTF-8, naming the byte offset
     */
    String text() {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw HttpProblem.malformed("the request body is not valid UTF-8 (bad byte sequence at byte offset "
                    + in.position() + ")");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /**
     * The body as a JSON object; an empty body reads as an empty object.
     *
     * @throws HttpProblem 415 for a media type other than JSON; 400 when it is not UTF-8, does not
     *     parse (naming line and column) or is not an object
     */
    ObjectNode jsonObject() {
        requireMediaType(List.of(JSON));
        if (isEmpty()) {
            return Json.object();
        }
        JsonNode tree = parse(text(), false);
        if (!(tree instanceof ObjectNode object)) {
            throw HttpProblem.badRequest("the request body must be a JSON object, got "
                    + (tree == null ? "nothing" : JsonFields.typeName(tree)));
        }
        return object;
    }

    /**
     * Parses JSON or YAML text. A key given twice in one object is an error, not a silent choice.
     *
     * @return the tree, or null for an empty document
     * @throws HttpProblem 400 naming the parser's position and complaint
     */
    static JsonNode parse(String text, boolean yaml) {
        ObjectReader reader = (yaml ? Json.yaml() : Json.mapper()).reader()
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        try {
            JsonNode tree = reader.readTree(text);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String position = where == null || where.getLineNr() < 0 ? ""
                    : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw HttpProblem.malformed("the request body is not valid " + (yaml ? "YAML" : "JSON") + position + ": "
                    + firstLine(e.getOriginalMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "it does not parse";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
