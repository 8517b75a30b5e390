package dev.cairn.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.store.BudgetWindow;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetTest {

    private static final Instant LATE_EVENING_UTC = Instant.parse("2025-03-01T23:30:00Z");

    private static CallSubject subject(String tenant, String agent, String session) {
        return new CallSubject(tenant, agent, 1, session, "run_1", "", "", 1, ChatRequest.Purpose.ANSWER);
    }

    private static Budget budget(Budget.Scope scope, String tenant, String agent, Budget.Period period) {
        return new Budget("b", scope, tenant, agent, period, 100, BudgetWindow.NO_LIMIT);
    }

    @Test
    void aDayIsACalendarDayOfTheBudgetTimeZone() {
        Budget daily = budget(Budget.Scope.TENANT, "*", "*", Budget.Period.DAY);

        BudgetWindow berlin = daily.windowFor(subject("acme", "helper", "ses_1"), LATE_EVENING_UTC, ZoneId.of("Europe/Berlin"))
                .orElseThrow();
        BudgetWindow utc = daily.windowFor(subject("acme", "helper", "ses_1"), LATE_EVENING_UTC, ZoneOffset.UTC).orElseThrow();

        assertThat(berlin.from()).isEqualTo(Instant.parse("2025-03-01T23:00:00Z"));
        assertThat(berlin.to()).isEqualTo(Instant.parse("2025-03-02T23:00:00Z"));
        assertThat(utc.from()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(utc.to()).isEqualTo(Instant.parse("2025-03-02T00:00:00Z"));
    }

    @Test
    void aBudgetCountsItsScopeAndAppliesOnlyToItsTenantAndAgent() {
        CallSubject call = subject("acme", "helper", "ses_1");

        assertThat(budget(Budget.Scope.TENANT, "*", "other", Budget.Period.TOTAL).windowFor(call, LATE_EVENING_UTC,
                ZoneOffset.UTC)).hasValueSatisfying(window -> {
                    assertThat(window.tenantId()).isEqualTo("acme");
                    assertThat(window.agent()).isEmpty();
                    assertThat(window.sessionId()).isEmpty();
                    assertThat(window.from()).isEqualTo(Instant.EPOCH);
                });
        assertThat(budget(Budget.Scope.AGENT, "acme", "*", Budget.Period.TOTAL).windowFor(call, LATE_EVENING_UTC,
                ZoneOffset.UTC)).hasValueSatisfying(window -> assertThat(window.agent()).isEqualTo("helper"));
        assertThat(budget(Budget.Scope.SESSION, "*", "helper", Budget.Period.TOTAL).windowFor(call, LATE_EVENING_UTC,
                ZoneOffset.UTC)).hasValueSatisfying(window -> assertThat(window.sessionId()).isEqualTo("ses_1"));
        assertThat(budget(Budget.Scope.TENANT, "globex", "*", Budget.Period.DAY).windowFor(call, LATE_EVENING_UTC,
                ZoneOffset.UTC)).isEmpty();
        assertThat(budget(Budget.Scope.AGENT, "*", "triage", Budget.Period.DAY).windowFor(call, LATE_EVENING_UTC,
                ZoneOffset.UTC)).isEmpty();
        assertThat(budget(Budget.Scope.SESSION, "*", "*", Budget.Period.DAY).windowFor(subject("acme", "helper", ""),
                LATE_EVENING_UTC, ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void aBudgetMustLimitSomething() {
        assertThatThrownBy(() -> new Budget("none", Budget.Scope.TENANT, "*", "*", Budget.Period.DAY, BudgetWindow.NO_LIMIT,
                BudgetWindow.NO_LIMIT)).hasMessageContaining("budget 'none' limits neither tokens nor cost");
    }

    @Test
    void costsAreMicroUnitsRoundedUpAndAModelWithoutAPriceHasNone() {
        Prices prices = new Prices("USD", Map.of(Prices.key("openai", "gpt-4o-mini"),
                new Prices.Price(new BigDecimal("0.15"), new BigDecimal("0.60"))));

        assertThat(prices.cost("openai", "gpt-4o-mini", 1_000_000, 0)).hasValue(150_000);
        assertThat(prices.cost("openai", "gpt-4o-mini", 1, 1)).hasValue(1);
        assertThat(prices.cost("openai", "gpt-4o-mini", 10, 10)).hasValue(8);
        assertThat(prices.cost("openai", "gpt-4o", 10, 10)).isEmpty();
        assertThat(prices.format(1_234_500)).isEqualTo("1.234500 USD");
    }
}
