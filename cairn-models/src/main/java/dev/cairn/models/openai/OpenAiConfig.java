package dev.cairn.models.openai;

import dev.cairn.core.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How to reach one OpenAI or OpenAI-compatible endpoint (OpenAI, Azure OpenAI v1, Ollama,
 * vLLM, ...). Immutable; every value is checked when the record is made, and a bad value
 * fails with a {@link ValidationException} that names it (never the API key's value).
 *
 * @param name           the provider's name, as routes refer to it: 1-64 letters, digits, '.', '_' or '-'
 * @param apiKey         the key sent as a bearer token; may be empty only for a server other than
 *                       {@code api.openai.com} that needs none (a local Ollama or vLLM)
 * @param baseUrl        the API root, for example {@code https://api.openai.com/v1}; paths such as
 *                       {@code /chat/completions} are appended to it
 * @param wireApi        Chat Completions or the Responses API
 * @param requestTimeout the most a call may take, from connecting to the last byte of the answer
 * @param stream         whether to stream every answer, even when the caller passes no listener
 * @param region          where the endpoint serves calls from, as policies name regions (an Azure
 *                        OpenAI resource's region, say), or an empty string when not configured
 */
public record OpenAiConfig(String name, String apiKey, URI baseUrl, WireApi wireApi, Duration requestTimeout, boolean stream,
        String region) {

    /** OpenAI's own endpoint. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com/v1");

    /** The SDK's own default: reasoning models can think for minutes. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9_-]{0,64}");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]*");

    public OpenAiConfig {
        region = region == null ? "" : region;
        List<String> problems = new ArrayList<>();
        if (!REGION.matcher(region).matches()) {
            problems.add("region '" + region + "' must be up to 64 letters, digits, '_' or '-'");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (wireApi == null) {
            problems.add("wire-api is required (chat or responses)");
        }
        checkBaseUrl(baseUrl, problems);
        checkApiKey(apiKey, baseUrl, problems);
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            problems.add("request-timeout must be positive, not " + requestTimeout);
        }
        if (!problems.isEmpty()) {
            throw new ValidationException("OpenAI provider '" + name + "'", problems);
        }
    }

    /** A configuration without a region. */
    public OpenAiConfig(String name, String apiKey, URI baseUrl, WireApi wireApi, Duration requestTimeout, boolean stream) {
        this(name, apiKey, baseUrl, wireApi, requestTimeout, stream, "");
    }

    /** A builder with OpenAI's endpoint, Chat Completions, a 10-minute timeout and no forced streaming. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The same configuration with the API key hidden. */
    @Override
    public String toString() {
        return "OpenAiConfig[name=" + name + ", apiKey=" + (apiKey.isEmpty() ? "(none)" : "(hidden)") + ", baseUrl="
                + baseUrl + ", wireApi=" + wireApi + ", requestTimeout=" + requestTimeout + ", stream=" + stream + ", region=" + region + "]";
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
        } else if (apiKey.isEmpty() && baseUrl != null && "api.openai.com".equalsIgnoreCase(baseUrl.getHost())) {
            problems.add("api-key is required for " + baseUrl);
        }
    }

    /** Builds an {@link OpenAiConfig}; not thread-safe. */
    public static final class Builder {

        private final String name;
        private String apiKey = "";
        private URI baseUrl = DEFAULT_BASE_URL;
        private WireApi wireApi = WireApi.CHAT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private boolean stream;

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
                throw new ValidationException("OpenAI provider '" + name + "'",
                        List.of("base-url '" + baseUrl + "' is not a URL"));
            }
            return this;
        }

        public Builder wireApi(WireApi wireApi) {
            this.wireApi = wireApi;
            return this;
        }

        /**
         * Sets the wire API from its configuration name.
         *
         * @throws ValidationException naming the text when it is neither {@code chat} nor {@code responses}
         */
        public Builder wireApi(String wireApi) {
            this.wireApi = WireApi.fromConfigName(wireApi).orElseThrow(() -> new ValidationException(
                    "OpenAI provider '" + name + "'", List.of("wire-api '" + wireApi + "' must be chat or responses")));
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder stream(boolean stream) {
            this.stream = stream;
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
        public OpenAiConfig build() {
            return new OpenAiConfig(name, apiKey, baseUrl, wireApi, requestTimeout, stream, region);
        }
    }
}
