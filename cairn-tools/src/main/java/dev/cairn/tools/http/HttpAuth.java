package dev.cairn.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.secret.SecretName;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * How a declared HTTP tool authenticates, naming a secret of the session's tenant:
 * {@code auth: secret:NAME} (a bearer token), or {@code auth: {type: bearer|basic|header, secret: NAME,
 * header: X-Api-Key}} ({@code basic} takes a secret of the form {@code user:password}; {@code header}
 * sends the secret as it is in the header named). Immutable.
 */
sealed interface HttpAuth {

    /** No authentication. */
    record None() implements HttpAuth {
    }

    record Bearer(String secret) implements HttpAuth {
    }

    record Basic(String secret) implements HttpAuth {
    }

    record Header(String header, String secret) implements HttpAuth {
    }

    /** The secret it names, or null. */
    default String secret() {
        return switch (this) {
            case None none -> null;
            case Bearer bearer -> bearer.secret();
            case Basic basic -> basic.secret();
            case Header header -> header.secret();
        };
    }

    /** The header it sets, or null. */
    default String headerName() {
        return switch (this) {
            case None none -> null;
            case Bearer bearer -> "Authorization";
            case Basic basic -> "Authorization";
            case Header header -> header.header();
        };
    }

    /** The header's value, given the secret's value. */
    default String headerValue(String secretValue) {
        return switch (this) {
            case None none -> throw new IllegalStateException("no authentication");
            case Bearer bearer -> "Bearer " + secretValue;
            case Basic basic -> "Basic " + Base64.getEncoder().encodeToString(secretValue.getBytes(StandardCharsets.UTF_8));
            case Header header -> secretValue;
        };
    }

    /** The declaration's {@code auth}, adding a problem for each thing wrong with it. */
    static HttpAuth parse(JsonNode auth, List<String> problems) {
        if (auth == null || auth.isNull()) {
            return new None();
        }
        if (auth.isTextual()) {
            String text = auth.asText();
            if (!text.startsWith("secret:")) {
                problems.add("http.auth '" + text + "' must be secret:NAME (a bearer token) or {type, secret}");
                return new None();
            }
            return new Bearer(checkedName(text.substring("secret:".length()), problems));
        }
        if (!auth.isObject()) {
            problems.add("http.auth must be secret:NAME or {type: bearer|basic|header, secret: NAME, header?}");
            return new None();
        }
        auth.fieldNames().forEachRemaining(key -> {
            if (!Set.of("type", "secret", "header").contains(key)) {
                problems.add("http.auth." + key + " is not a known key (known: header, secret, type)");
            }
        });
        String type = auth.path("type").asText("bearer");
        String secret = checkedName(auth.path("secret").asText(""), problems);
        String header = auth.path("header").asText("");
        switch (type) {
            case "bearer", "basic" -> {
                if (auth.has("header")) {
                    problems.add("http.auth.header applies only to type header");
                }
                return type.equals("bearer") ? new Bearer(secret) : new Basic(secret);
            }
            case "header" -> {
                if (!HttpHeaders.validName(header)) {
                    problems.add("http.auth.header is required for type header and must be a header name, got '"
                            + header + "'");
                }
                return new Header(header, secret);
            }
            default -> {
                problems.add("http.auth.type '" + type + "' is not one of basic, bearer, header");
                return new None();
            }
        }
    }

    private static String checkedName(String name, List<String> problems) {
        if (!SecretName.valid(name)) {
            problems.add("http.auth names secret '" + name + "', which is not a valid secret name (a letter, then up to"
                    + " 63 letters, digits, '_' or '-')");
        }
        return name;
    }
}
