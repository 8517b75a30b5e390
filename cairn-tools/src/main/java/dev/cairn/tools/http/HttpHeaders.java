package dev.cairn.tools.http;

import dev.cairn.core.secret.SecretName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A declared tool's headers, whose values may name secrets ({@code X-Api-Key: "secret:stripe"},
 * {@code Authorization: "Token secret:legacy"}), filled in only when a call is sent. Immutable.
 */
final class HttpHeaders {

    static final Pattern SECRET_REFERENCE = Pattern.compile("secret:(" + SecretName.PATTERN + ")");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    /** Headers the HTTP client sets itself (or refuses), and Cairn's own. */
    private static final Set<String> RESERVED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "idempotency-key", "user-agent");

    private final Map<String, String> headers;

    HttpHeaders(Map<String, String> headers) {
        this.headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Every problem with the declared headers, given the header the auth sets (or null). */
    static List<String> problems(Map<String, String> headers, String authHeader) {
        List<String> problems = new ArrayList<>();
        headers.forEach((name, value) -> {
            if (!validName(name)) {
                problems.add("http.headers '" + name + "' is not a valid header name");
            } else if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                problems.add("http.headers." + name + " is set by Cairn or the HTTP client and cannot be declared");
            } else if (authHeader != null && name.equalsIgnoreCase(authHeader)) {
                problems.add("http.headers." + name + " is also set by http.auth; declare it once");
            }
            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                problems.add("http.headers." + name + " holds a control character");
            }
        });
        return problems;
    }

    /** The names of the secrets the header values refer to. */
    Set<String> secrets() {
        Set<String> names = new LinkedHashSet<>();
        headers.values().forEach(value -> {
            Matcher references = SECRET_REFERENCE.matcher(value);
            while (references.find()) {
                names.add(references.group(1));
            }
        });
        return names;
    }

    /** The headers with every {@code secret:NAME} replaced by the value in {@code values}. */
    Map<String, String> resolved(Map<String, String> values) {
        Map<String, String> resolved = new LinkedHashMap<>();
        headers.forEach((name, value) -> resolved.put(name, SECRET_REFERENCE.matcher(value)
                .replaceAll(reference -> Matcher.quoteReplacement(values.get(reference.group(1))))));
        return resolved;
    }
}
