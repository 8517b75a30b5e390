package dev.cairn.models.ollama;

import dev.cairn.core.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How to reach an Ollama server's native API. Immutable; every value is checked when the record
 * is made, and a bad value fails with a {@link ValidationException} that names it (never the API
 * key's value).
 *
 * @param name           the provider's name, as routes refer to it: 1-64 letters, digits, '.', '_' or '-'
 * @param baseUrl        the server's root, for example {@code http://localhost:11434}; {@code /api/chat}
 *                       is appended to it
 * @param apiKey         a key sent as a bearer token (for a server behind an authenticating proxy),
 *                       or an empty string: a local Ollama needs none
 * @param requestTimeout the most a call may take, from connecting to the last byte of the answer
 * @param region         where the server runs, as policies name regions, or an empty string
 */
public record OllamaConfig(String name, URI baseUrl, String apiKey, Duration requestTimeout, String region) {

    /** Where {@code ollama serve} listens by default. */
    public static final URI DEFAULT_BASE_URL = URI.create("http://localhost:11434");

    /** A generous default: a local model on a CPU writes slowly. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9_-]{0,64}");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]*");

    public OllamaConfig {
        apiKey = apiKey == null ? "" : apiKey;
        region = region == null ? "" : region;
        List<String> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        checkBaseUrl(baseUrl, problems);
        if (!PRINTABLE_ASCII.matcher(apiKey).matches()) {
            problems.add("api_key must be printable ASCII without spaces (its value is not shown)");
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            problems.add("timeout must be positive, not " + requestTimeout);
        }
        if (!REGION.matcher(region).matches()) {
            problems.add("region '" + region + "' must be up to 64 letters, digits, '_' or '-'");
        }
        if (!problems.isEmpty()) {
            throw new ValidationException("Ollama provider '" + name + "'", problems);
        }
    }

    /** A builder for {@code http://localhost:11434}, no key, a 10-minute timeout and no region. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The same configuration with the API key hidden. */
    @Override
    public String toString() {
        return "OllamaConfig[name=" + name + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isEmpty() ? "(none)" : "(hidden)")
                + ", requestTimeout=" + requestTimeout + ", region=" + region + "]";
    }

    private static void checkBaseUrl(URI baseUrl, List<String> problems) {
        if (baseUrl == null) {
            problems.add("base_url is required");
            return;
        }
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
            problems.add("base_url '" + baseUrl + "' must be an absolute http or https URL with a host");
        } else if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
            problems.add("base_url '" + baseUrl + "' must not carry a query, a fragment or credentials");
        }
    }

    /** Builds an {@link OllamaConfig}; not thread-safe. */
    public static final class Builder {

        private final String name;
        private URI baseUrl = DEFAULT_BASE_URL;
        private String apiKey = "";
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private String region = "";

        private Builder(String name) {
            this.name = name;
        }

        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * Sets the base URL from text.
         *
         * @throws ValidationException naming the text when it is not a URI
         */
        public Builder baseUrl(String baseUrl) {
            if (baseUrl == null) {
                this.baseUrl = null;
                return this;
            }
            try {
                this.baseUrl = new URI(baseUrl.strip());
            } catch (URISyntaxException e) {
                throw new ValidationException("Ollama provider '" + name + "'", List.of("base_url '" + baseUrl + "' is not a URL"));
            }
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /**
         * @throws ValidationException listing every bad value
         */
        public OllamaConfig build() {
            return new OllamaConfig(name, baseUrl, apiKey, requestTimeout, region);
        }
    }
}
