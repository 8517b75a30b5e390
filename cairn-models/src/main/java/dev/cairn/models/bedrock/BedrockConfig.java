package dev.cairn.models.bedrock;

import dev.cairn.core.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How to reach Amazon Bedrock's Converse API in one region. Immutable; every value is checked
 * when the record is made, and a bad value fails with a {@link ValidationException} that names
 * it (never a credential's value).
 *
 * @param name            the provider's name, as routes refer to it: 1-64 letters, digits, '.', '_' or '-'
 * @param region          the AWS region calls are signed for and sent to, for example {@code us-east-1}
 * @param accessKeyId     the access key id, or an empty string to take credentials from the AWS SDK's
 *                        default chain (environment, profile, container or instance role)
 * @param secretAccessKey the secret access key; set exactly when {@code accessKeyId} is
 * @param sessionToken    the session token of temporary credentials, or an empty string
 * @param baseUrl         an endpoint that replaces the region's own
 *                        ({@code https://bedrock-runtime.REGION.amazonaws.com}), or {@code null}
 * @param requestTimeout  the most a call may take, from connecting to the last byte of the answer
 */
public record BedrockConfig(String name, String region, String accessKeyId, String secretAccessKey, String sessionToken,
                            URI baseUrl, Duration requestTimeout) {

    /** A generous default: a long answer streams for minutes. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(10);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+){1,4}");
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]*");

    public BedrockConfig {
        accessKeyId = accessKeyId == null ? "" : accessKeyId;
        secretAccessKey = secretAccessKey == null ? "" : secretAccessKey;
        sessionToken = sessionToken == null ? "" : sessionToken;
        List<String> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (region == null || region.isBlank()) {
            problems.add("region is required, for example us-east-1");
        } else if (!REGION.matcher(region).matches()) {
            problems.add("region '" + region + "' is not an AWS region name such as us-east-1");
        }
        checkCredentials(accessKeyId, secretAccessKey, sessionToken, problems);
        checkBaseUrl(baseUrl, problems);
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            problems.add("timeout must be positive, not " + requestTimeout);
        }
        if (!problems.isEmpty()) {
            throw new ValidationException("Bedrock provider '" + name + "'", problems);
        }
    }

    /** A builder with the default credential chain, the region's own endpoint and a 10-minute timeout. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Whether credentials are configured here rather than taken from the SDK's default chain. */
    public boolean hasStaticCredentials() {
        return !accessKeyId.isEmpty();
    }

    /** The host calls go to: the endpoint override's, or the region's Bedrock runtime host. */
    public String endpointHost() {
        return baseUrl != null ? baseUrl.getHost() : "bedrock-runtime." + region + ".amazonaws.com";
    }

    /** The same configuration with the credentials hidden. */
    @Override
    public String toString() {
        return "BedrockConfig[name=" + name + ", region=" + region + ", credentials="
                + (hasStaticCredentials() ? "(hidden)" : "(default chain)") + ", baseUrl=" + baseUrl
                + ", requestTimeout=" + requestTimeout + "]";
    }

    private static void checkCredentials(String accessKeyId, String secretAccessKey, String sessionToken, List<String> problems) {
        if (accessKeyId.isEmpty() != secretAccessKey.isEmpty()) {
            problems.add("access_key_id and secret_access_key must be set together (or neither, for the default credential chain)");
        }
        if (!sessionToken.isEmpty() && accessKeyId.isEmpty()) {
            problems.add("session_token needs access_key_id and secret_access_key");
        }
        for (String value : List.of(accessKeyId, secretAccessKey, sessionToken)) {
            if (!PRINTABLE_ASCII.matcher(value).matches()) {
                problems.add("credentials must be printable ASCII without spaces (their values are not shown)");
                return;
            }
        }
    }

    private static void checkBaseUrl(URI baseUrl, List<String> problems) {
        if (baseUrl == null) {
            return;
        }
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
            problems.add("base_url '" + baseUrl + "' must be an absolute http or https URL with a host");
        } else if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null || baseUrl.getRawUserInfo() != null) {
            problems.add("base_url '" + baseUrl + "' must not carry a query, a fragment or credentials");
        }
    }

    /** Builds a {@link BedrockConfig}; not thread-safe. */
    public static final class Builder {

        private final String name;
        private String region;
        private String accessKeyId = "";
        private String secretAccessKey = "";
        private String sessionToken = "";
        private URI baseUrl;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

        private Builder(String name) {
            this.name = name;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Static credentials; without them the SDK's default chain supplies credentials. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            return this;
        }

        public Builder sessionToken(String sessionToken) {
            this.sessionToken = sessionToken;
            return this;
        }

        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /**
         * Sets the endpoint override from text.
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
                throw new ValidationException("Bedrock provider '" + name + "'", List.of("base_url '" + baseUrl + "' is not a URL"));
            }
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /**
         * @throws ValidationException listing every bad value
         */
        public BedrockConfig build() {
            return new BedrockConfig(name, region, accessKeyId, secretAccessKey, sessionToken, baseUrl, requestTimeout);
        }
    }
}
