package dev.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.gateway.Budget;
import dev.cairn.core.gateway.BudgetSettings;
import dev.cairn.core.store.BudgetWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code prices}, {@code budgets} and {@code budget_timezone} sections of {@code cairn.yaml}. */
class BudgetConfigTest {

    private static final String ROUTES = """
            providers: [{name: openai, type: openai, api_key: sk-test}]
            routes:
              default: {targets: [{provider: openai, model: gpt-4o-mini}]}
            """;

    @TempDir
    Path folder;

    private CairnConfig load(String yaml) throws Exception {
        Path file = Files.writeString(folder.resolve("cairn.yaml"), yaml);
        return ConfigLoader.create(Map.of()).load(new ConfigLoader.Overrides(file, null, null, null));
    }

    @Test
    void withoutSectionsThereAreNoBudgets() {
        assertThat(ConfigLoader.create(Map.of()).load(ConfigLoader.Overrides.NONE).budgets()).isEqualTo(BudgetSettings.NONE);
    }

    @Test
    void pricesBudgetsAndTheirTimeZoneAreRead() throws Exception {
        BudgetSettings settings = load(ROUTES + """
                prices:
                  currency: EUR
                  models: [{provider: openai, model: gpt-4o-mini, input: 0.15, output: 0.6}]
                budgets:
                  - {name: acme-daily, scope: tenant, tenant: acme, period: day, max_cost: 2.5}
                  - {name: per-agent, scope: agent, period: total, max_tokens: 2000000}
                budget_timezone: Europe/Berlin
                budget_reservation_hold: 2m
                """).budgets();

        assertThat(settings.budgets()).containsExactly(
                new Budget("acme-daily", Budget.Scope.TENANT, "acme", "*", Budget.Period.DAY, BudgetWindow.NO_LIMIT, 2_500_000),
                new Budget("per-agent", Budget.Scope.AGENT, "*", "*", Budget.Period.TOTAL, 2_000_000, BudgetWindow.NO_LIMIT));
        assertThat(settings.prices().currency()).isEqualTo("EUR");
        assertThat(settings.prices().cost("openai", "gpt-4o-mini", 1_000_000, 1_000_000)).hasValue(750_000);
        assertThat(settings.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(settings.reservationHold()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void everyBadValueIsNamed() {
        assertThatThrownBy(() -> load(ROUTES + """
                prices: {models: [{provider: openai, model: gpt-4o-mini, input: -1}]}
                budgets:
                  - {name: a, scope: planet, period: week, max_cost: 1}
                  - {name: b, scope: tenant, period: day}
                  - {name: c, scope: agent, period: day, max_tokens: 1.5, colour: red}
                budget_timezone: Mars/Olympus
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("prices.models[0].input must be a number of zero or more, got -1")
                .hasMessageContaining("prices.models[0].output is required")
                .hasMessageContaining("budgets[0].scope 'planet' is not one of tenant, agent, session")
                .hasMessageContaining("budgets[0].period 'week' is not one of day, total")
                .hasMessageContaining("budgets[1] needs max_tokens, max_cost or both")
                .hasMessageContaining("budgets[2].max_tokens must be a whole number, got 1.5")
                .hasMessageContaining("budgets[2].colour is not a known key")
                .hasMessageContaining("budget_timezone 'Mars/Olympus' is not a time zone");
    }

    @Test
    void aCostBudgetNeedsAPriceForEveryRouteTarget() {
        assertThatThrownBy(() -> load(ROUTES + """
                budgets: [{name: daily, scope: tenant, period: day, max_cost: 10}]
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("a budget limits cost (max_cost), but these route targets have no price in prices.models:"
                        + " openai/gpt-4o-mini");
    }
}
