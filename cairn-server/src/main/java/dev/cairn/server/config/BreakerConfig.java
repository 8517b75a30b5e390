package dev.cairn.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.Durations;
import dev.cairn.core.route.TargetBreakers;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code breakers} in {@code cairn.yaml}: when a route target's circuit breaker opens.
 *
 * <pre>
 * breakers: {failure_rate: 50, window: 20, minimum_calls: 5, open_for: 30s, trial_calls: 2}
 * </pre>
 *
 * Every key is optional and defaults to {@link TargetBreakers.Settings#DEFAULTS}. Stateless.
 */
final class BreakerConfig {

    private static final Set<String> KEYS = Set.of("failure_rate", "window", "minimum_calls", "open_for", "trial_calls");

    private BreakerConfig() {
    }

    static TargetBreakers.Settings read(JsonNode node, List<String> problems) {
        TargetBreakers.Settings defaults = TargetBreakers.Settings.DEFAULTS;
        if (node == null || node.isNull()) {
            return defaults;
        }
        if (!node.isObject()) {
            problems.add("breakers must be an object {failure_rate, window, minimum_calls, open_for, trial_calls}");
            return defaults;
        }
        int before = problems.size();
        node.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                problems.add("breakers." + key + " is not a known key (known: failure_rate, minimum_calls, open_for, "
                        + "trial_calls, window)");
            }
        });
        int failureRate = number(node, "failure_rate", defaults.failureRate(), 1, 100, problems);
        int window = number(node, "window", defaults.window(), 1, 10_000, problems);
        int minimumCalls = number(node, "minimum_calls", defaults.minimumCalls(), 1, 10_000, problems);
        int trialCalls = number(node, "trial_calls", defaults.trialCalls(), 1, 1_000, problems);
        Duration openFor = defaults.openFor();
        if (node.has("open_for")) {
            try {
                openFor = Durations.parse("breakers.open_for", node.get("open_for").asText());
                if (openFor.isZero() || openFor.isNegative()) {
                    problems.add("breakers.open_for must be longer than zero");
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.size() > before) {
            return defaults;
        }
        return new TargetBreakers.Settings(failureRate, window, minimumCalls, openFor, trialCalls);
    }

    private static int number(JsonNode node, String key, int fallback, int min, int max, List<String> problems) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            problems.add("breakers." + key + " must be a whole number from " + min + " to " + max + ", got " + value);
            return fallback;
        }
        return value.asInt();
    }
}
