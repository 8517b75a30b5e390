package dev.cairn.models.anthropic;

import dev.cairn.core.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How to reach Anthropic's Messages API (or a server that speaks it). Immutable; every value is
 * checked when the record is made, and a bad value fails with a {@link ValidationException} that
 * names it (never the API key's value).
 *
 * @param name             the provider's name, as routes refer to it: 1-64 letters, digits, '.', '_' or '-'
 * @param apiKey           the key sent as {@code x-api-key}; may be empty only for a server other than
 *                         {@code api.anthropic.com}
 * @param baseUrl          the API root, for example {@code https://api.anthropic.com}; {@code /v1/messages}
 *                         is appended to it
 * @param requestTimeout   the most a call may take, from connecting to the last byte of the answer
 * @param maxOutputTokens  the output limit sent when a request sets none: the Messages API requires one
 * @param region          where the endpoint serves calls from, as policies name regions (only
 *                        configuration can say, for a proxy or a gateway), or an empty string when not configured
 */
public record AnthropicConfig(String name, String apiKey, URI baseUrl, Duration requestTimeout, int maxOutputTokens,
        String region) {

    /** Anthropic's own endpoint. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");

    /** The SDK's own default for non-streaming calls. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);

    /** The output limit for a request that sets none. */
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 1024;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9_-]{0,64}");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]*");

    public AnthropicConfig {
        region = region == null ? "" : region;
        List<String> problems = new ArrayList<>();
        if (!REGION.matcher(region).matches()) {
            problems.add("region '" + region + "' must be up to 64 letters, digits, '_' or '-'");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        checkBaseUrl(baseUrl, problems);
        checkApiKey(apiKey, baseUrl, problems);
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            problems.add("request-timeout must be positive, not " + requestTimeout);
        }
        if (maxOutputTokens <= 0) {
            problems.add("max-output-tokens must be positive, not " + maxOutputTokens);
        }
        if (!problems.isEmpty()) {
            throw new ValidationException("Anthropic provider '" + name + "'", problems);
        }
    }

    /** A configuration without a region. */
    public AnthropicConfig(String name, String apiKey, URI baseUrl, Duration requestTimeout, int maxOutputTokens) {
        this(name, apiKey, baseUrl, requestTimeout, maxOutputTokens, "");
    }

    /** A builder with Anthropic's endpoint, a 10-minute timeout and a 1024-token default output limit. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The same configuration with the API key hidden. */
    @Override
    public String toString() {
        return "AnthropicConfig[name=" + name + ", apiKey=" + (apiKey.isEmpty() ? "(none)" : "(hidden)") + ", baseUrl="
                + baseUrl + ", requestTimeout=" + requestTimeout + ", maxOutputTokens=" + maxOutputTokens + ", region=" + region + "]";
    }

    private static void checkBaseUrl(URI baseUrl, List<String> problems) {
        if (baseUrl == null) {
            problems.add("base-url is required");
            return;
        }
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
            problems.add("base-url '" + baseUrl + "' must be an absolute http or https URL with a host");
        } else if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
            problems.add("base-url '" + baseUrl + "' must not carry a query, a fragment or credentials");
        }
    }

    private static void checkApiKey(String apiKey, URI baseUrl, List<String> problems) {
        if (apiKey == null) {
            problems.add("api-key is required (use an empty key for a local server that needs none)");
        } else if (!PRINTABLE_ASCII.matcher(apiKey).matches()) {
            problems.add("api-key must be printable ASCII without spaces (its value is not shown)");
        } else if (apiKey.isEmpty() && baseUrl != null && "api.anthropic.com".equalsIgnoreCase(baseUrl.getHost())) {
            problems.add("api-key is required for " + baseUrl);
        }
    }

    /** Builds an {@link AnthropicConfig}; not thread-safe. */
    public static final class Builder {

        private final String name;
        private String apiKey = "";
        private URI baseUrl = DEFAULT_BASE_URL;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS;

        private String region = "";

        private Builder(String name) {
            this.name = name;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
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
                throw new ValidationException("Anthropic provider '" + name + "'",
                        List.of("base-url '" + baseUrl + "' is not a URL"));
            }
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder maxOutputTokens(int maxOutputTokens) {
            this.maxOutputTokens = maxOutputTokens;
            return this;
        }

        /** Where the endpoint serves calls from, as policies name regions; empty for none. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /**
         * @throws ValidationException listing every bad value
         */
        public AnthropicConfig build() {
            return new AnthropicConfig(name, apiKey, baseUrl, requestTimeout, maxOutputTokens, region);
        }
    }
}
