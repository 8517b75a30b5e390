package dev.cairn.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.Durations;
import dev.cairn.core.gateway.Budget;
import dev.cairn.core.gateway.BudgetSettings;
import dev.cairn.core.gateway.Prices;
import dev.cairn.core.store.BudgetWindow;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads what model calls cost and may spend from {@code cairn.yaml}:
 *
 * <pre>
 * prices:
 *   currency: USD
 *   models:
 *     - {provider: openai, model: gpt-4o-mini, input: 0.15, output: 0.60}   # per million tokens
 * budgets:
 *   - {name: acme-daily, scope: tenant, tenant: acme, period: day, max_cost: 25.00}
 *   - {name: per-agent, scope: agent, tenant: "*", agent: "*", period: total, max_tokens: 2000000}
 * budget_timezone: Europe/Berlin        # calendar days of period: day (default UTC)
 * budget_reservation_hold: 10m          # how long a call in flight holds room (default 10m)
 * </pre>
 *
 * A budget with {@code max_cost} needs a price for every route target it may meet: each target of
 * {@code routes} other than the {@code scripted} provider's must be priced, or start-up fails
 * naming the unpriced ones.
 */
final class BudgetConfigReader {

    private static final Set<String> PRICE_KEYS = new TreeSet<>(List.of("currency", "models"));
    private static final Set<String> MODEL_KEYS = new TreeSet<>(List.of("provider", "model", "input", "output"));
    private static final Set<String> BUDGET_KEYS = new TreeSet<>(List.of("name", "scope", "tenant", "agent", "period",
            "max_tokens", "max_cost"));
    private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);

    private BudgetConfigReader() {
    }

    static BudgetSettings read(JsonNode root, Map<String, RouteConfig> routes, List<String> problems) {
        int before = problems.size();
        Prices prices = prices(root.get("prices"), problems);
        List<Budget> budgets = budgets(root.get("budgets"), problems);
        ZoneId zone = zone(root.get("budget_timezone"), problems);
        Duration hold = hold(root.get("budget_reservation_hold"), problems);
        if (budgets.stream().anyMatch(Budget::limitsCost)) {
            checkPriced(routes, prices, problems);
        }
        return problems.size() > before ? BudgetSettings.NONE : new BudgetSettings(budgets, prices, zone, hold);
    }

    private static Prices prices(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return Prices.NONE;
        }
        if (!node.isObject()) {
            problems.add("prices must be a mapping like {currency: USD, models: [{provider: openai, model: gpt-4o, input: 2.5,"
                    + " output: 10}]}");
            return Prices.NONE;
        }
        unknownKeys(node, "prices", PRICE_KEYS, problems);
        String currency = node.path("currency").asText("USD");
        Map<String, Prices.Price> models = new HashMap<>();
        JsonNode list = node.path("models");
        if (!list.isMissingNode() && !list.isArray()) {
            problems.add("prices.models must be a list of {provider, model, input, output}");
            return Prices.NONE;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String where = "prices.models[" + i + "]";
            unknownKeys(entry, where, MODEL_KEYS, problems);
            String provider = required(entry, "provider", where, problems);
            String model = required(entry, "model", where, problems);
            BigDecimal input = amount(entry.get("input"), where + ".input", true, problems);
            BigDecimal output = amount(entry.get("output"), where + ".output", true, problems);
            if (provider != null && model != null && input != null && output != null
                    && models.put(Prices.key(provider, model), new Prices.Price(input, output)) != null) {
                problems.add(where + " prices " + provider + "/" + model + " a second time");
            }
        }
        return new Prices(currency, models);
    }

    private static List<Budget> budgets(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add("budgets must be a list like [{name: daily, scope: tenant, tenant: \"*\", period: day, max_cost: 10}]");
            return List.of();
        }
        List<Budget> budgets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String where = "budgets[" + i + "]";
            unknownKeys(entry, where, BUDGET_KEYS, problems);
            String name = required(entry, "name", where, problems);
            Budget.Scope scope = choice(entry, "scope", where, Budget.Scope.class, problems);
            Budget.Period period = choice(entry, "period", where, Budget.Period.class, problems);
            BigDecimal tokens = amount(entry.get("max_tokens"), where + ".max_tokens", false, problems);
            BigDecimal cost = amount(entry.get("max_cost"), where + ".max_cost", false, problems);
            if (tokens == null && cost == null && !entry.has("max_tokens") && !entry.has("max_cost")) {
                problems.add(where + " needs max_tokens, max_cost or both");
                continue;
            }
            if (tokens != null && tokens.stripTrailingZeros().scale() > 0) {
                problems.add(where + ".max_tokens must be a whole number, got " + tokens);
                continue;
            }
            if (name == null || scope == null || period == null) {
                continue;
            }
            if (!names.add(name)) {
                problems.add(where + " is named '" + name + "' like an earlier budget");
                continue;
            }
            budgets.add(new Budget(name, scope, entry.path("tenant").asText(Budget.EACH), entry.path("agent").asText(Budget.EACH),
                    period, tokens == null ? BudgetWindow.NO_LIMIT : tokens.longValueExact(),
                    cost == null ? BudgetWindow.NO_LIMIT : cost.multiply(MICROS).longValue()));
        }
        return budgets;
    }

    private static void checkPriced(Map<String, RouteConfig> routes, Prices prices, List<String> problems) {
        Set<String> unpriced = new TreeSet<>();
        for (RouteConfig route : routes.values()) {
            for (RouteConfig.Target target : route.targets()) {
                if (!"scripted".equals(target.provider()) && !prices.has(target.provider(), target.model())) {
                    unpriced.add(Prices.key(target.provider(), target.model()));
                }
            }
        }
        if (!unpriced.isEmpty()) {
            problems.add("a budget limits cost (max_cost), but these route targets have no price in prices.models: "
                    + String.join(", ", unpriced));
        }
    }

    private static ZoneId zone(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(node.asText());
        } catch (DateTimeException e) {
            problems.add("budget_timezone '" + node.asText() + "' is not a time zone (like UTC or Europe/Berlin)");
            return ZoneOffset.UTC;
        }
    }

    private static Duration hold(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return BudgetSettings.DEFAULT_HOLD;
        }
        try {
            Duration hold = Durations.parse("budget_reservation_hold", node.asText());
            if (hold.toMillis() < 1) {
                problems.add("budget_reservation_hold must be at least 1ms, got " + node.asText());
                return BudgetSettings.DEFAULT_HOLD;
            }
            return hold;
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return BudgetSettings.DEFAULT_HOLD;
        }
    }

    private static String required(JsonNode entry, String key, String where, List<String> problems) {
        JsonNode value = entry.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add(where + "." + key + " is required");
            return null;
        }
        return value.asText();
    }

    private static <E extends Enum<E>> E choice(JsonNode entry, String key, String where, Class<E> type,
                                                List<String> problems) {
        String value = entry.path(key).asText("");
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        List<String> known = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            known.add(constant.name().toLowerCase(Locale.ROOT));
        }
        problems.add(where + "." + key + " '" + value + "' is not one of " + String.join(", ", known));
        return null;
    }

    private static BigDecimal amount(JsonNode node, String where, boolean required, List<String> problems) {
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(where + " is required");
            }
            return null;
        }
        if (!node.isNumber() || node.decimalValue().signum() < 0) {
            problems.add(where + " must be a number of zero or more, got " + node);
            return null;
        }
        return node.decimalValue();
    }

    private static void unknownKeys(JsonNode node, String where, Set<String> known, List<String> problems) {
        if (!node.isObject()) {
            problems.add(where + " must be a mapping");
            return;
        }
        node.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                problems.add(where + "." + key + " is not a known key (known: " + String.join(", ", known) + ")");
            }
        });
    }
}
