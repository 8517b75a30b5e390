package dev.cairn.core.tool.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.json.Json;
import org.junit.jupiter.api.Test;

class PolicyConditionsTest {

    private static PolicyCondition.Result test(String expression, String arguments) throws Exception {
        return PolicyConditions.compile(expression)
                .test(PolicyConditions.variables(Json.parse(arguments), "refund", "billing", "acme"));
    }

    @Test
    void comparesArgumentsAcrossWholeAndDecimalNumbers() throws Exception {
        assertThat(test("args.amount > 100", "{\"amount\": 150}").matched()).isTrue();
        assertThat(test("args.amount > 100", "{\"amount\": 100.5}").matched()).isTrue();
        assertThat(test("args.amount > 100", "{\"amount\": 100}").matched()).isFalse();
        assertThat(test("args.amount > 100.0", "{\"amount\": 99}").matched()).isFalse();
    }

    @Test
    void seesNestedArgumentsListsAndTheCallsContext() throws Exception {
        assertThat(test("args.order.lines.size() > 2 && args.order.lines[0].sku.startsWith('X')",
                "{\"order\": {\"lines\": [{\"sku\": \"X1\"}, {\"sku\": \"Y\"}, {\"sku\": \"Z\"}]}}").matched()).isTrue();
        assertThat(test("tool == 'refund' && agent == 'billing' && tenant == 'acme'", "{}").matched()).isTrue();
        assertThat(test("has(args.currency) && args.currency != 'EUR'", "{}").matched()).isFalse();
        assertThat(test("args.note == null", "{\"note\": null}").matched()).isTrue();
    }

    @Test
    void anArgumentTheCallLacksIsAnEvaluationErrorNotAnException() throws Exception {
        PolicyCondition.Result result = test("args.amount > 100", "{}");
        assertThat(result.matched()).isFalse();
        assertThat(result.error()).contains("amount");
    }

    @Test
    void badConditionsAreRejectedWhenCompiledWithWhereAndWhy() {
        assertThatThrownBy(() -> PolicyConditions.compile("args.amount >"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("condition \"args.amount >\" is not valid CEL").hasMessageContaining("1:14");
        assertThatThrownBy(() -> PolicyConditions.compile("amount > 100"))
                .hasMessageContaining("undeclared reference to 'amount'").hasMessageContaining("args.amount");
        assertThatThrownBy(() -> PolicyConditions.compile("args.amount + 1"))
                .hasMessageContaining("expected type 'bool'");
        assertThatThrownBy(() -> PolicyConditions.compile("  ")).hasMessageContaining("empty");
        assertThat(PolicyConditions.problem("args.amount > 100")).isEmpty();
    }

    @Test
    void aConditionIsCompiledOnceAndShared() {
        assertThat(PolicyConditions.compile("args.n < 3")).isSameAs(PolicyConditions.compile("args.n < 3"));
    }
}
