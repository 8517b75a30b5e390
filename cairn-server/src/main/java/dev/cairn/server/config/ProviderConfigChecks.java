package dev.cairn.server.config;

import dev.cairn.core.agent.Durations;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The checks of a provider entry that depend on its type ({@code bedrock}'s region and AWS
 * credentials, {@code ollama}'s keys), of the {@code region} any entry may carry, and of a route
 * target's {@code timeout}. Each problem names the key; no credential's value is ever shown.
 * Stateless.
 */
final class ProviderConfigChecks {

    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+){1,4}");

    private ProviderConfigChecks() {
    }

    /** Adds to {@code problems} what is wrong with {@code provider} beyond its name, type and timeout. */
    static void check(String where, ProviderConfig provider, UnaryOperator<String> resolveSecret, List<String> problems) {
        if (provider.region() != null && !REGION.matcher(provider.region()).matches()) {
            problems.add(where + ".region '" + provider.region() + "' must be 1-64 letters, digits, '_' or '-'");
        }
        boolean aws = "bedrock".equals(provider.type());
        if (!aws && (provider.accessKeyId() != null || provider.secretAccessKey() != null || provider.sessionToken() != null)) {
            problems.add(where + ": access_key_id, secret_access_key and session_token apply only to type bedrock");
        }
        if ("ollama".equals(provider.type()) && provider.wireApi() != null) {
            problems.add(where + ".wire_api applies only to type openai");
        }
        if (aws) {
            checkBedrock(where, provider, resolveSecret, problems);
        }
    }

    private static void checkBedrock(String where, ProviderConfig provider, UnaryOperator<String> resolveSecret, List<String> problems) {
        if (provider.region() == null) {
            problems.add(where + ".region is required for type bedrock, for example us-east-1");
        } else if (!AWS_REGION.matcher(provider.region()).matches()) {
            problems.add(where + ".region '" + provider.region() + "' is not an AWS region name such as us-east-1");
        }
        if (provider.apiKey() != null || provider.wireApi() != null) {
            problems.add(where + ": api_key and wire_api do not apply to type bedrock (use access_key_id and secret_access_key,"
                    + " or neither for the AWS default credential chain)");
        }
        boolean keyId = resolved(where + ".access_key_id", provider.accessKeyId(), resolveSecret, problems);
        boolean secret = resolved(where + ".secret_access_key", provider.secretAccessKey(), resolveSecret, problems);
        resolved(where + ".session_token", provider.sessionToken(), resolveSecret, problems);
        if (provider.accessKeyId() != null && provider.secretAccessKey() == null
                || provider.accessKeyId() == null && provider.secretAccessKey() != null) {
            problems.add(where + ": access_key_id and secret_access_key must be set together (or neither, for the AWS"
                    + " default credential chain)");
        } else if (provider.sessionToken() != null && !(keyId && secret) && provider.accessKeyId() == null) {
            problems.add(where + ".session_token needs access_key_id and secret_access_key");
        }
    }

    /** Whether a configured credential resolves; a reference to an unset variable is a problem. */
    private static boolean resolved(String key, String value, UnaryOperator<String> resolveSecret, List<String> problems) {
        if (value == null) {
            return false;
        }
        if (resolveSecret.apply(value) == null) {
            problems.add(key + " " + (value.startsWith("env:") ? value + " is not set" : "is empty"));
            return false;
        }
        return true;
    }

    /** The target's timeout, or {@code null} when it has none or it is bad (then {@code problems} says why). */
    static Duration targetTimeout(String key, String timeout, List<String> problems) {
        if (timeout == null) {
            return null;
        }
        try {
            Duration parsed = Durations.parse(key, timeout);
            if (parsed.isZero() || parsed.isNegative()) {
                problems.add(key + " '" + timeout + "' must be positive");
                return null;
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }
}
