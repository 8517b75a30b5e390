package dev.cairn.core.delegate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.agent.ToolEntry;
import dev.cairn.core.json.Json;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInputException;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DelegateToolKindTest {

    private final DelegateToolKind kind = DelegateToolKind.create(() -> null, Clock.systemUTC());

    private static ToolEntry entry(String declaration, Boolean idempotent) {
        return new ToolEntry(null, null, null, null, idempotent, "delegate", Json.constant(declaration), null);
    }

    @Test
    void aDeclarationNamesAgentsAndLimitsAndNothingElse() {
        assertThat(kind.key()).isEqualTo("delegate");
        assertThat(kind.problems(entry("{\"agents\":[\"researcher\",\"writer\"],\"max_depth\":2,\"max_fan_out\":4,\"timeout\":\"5m\"}", null)))
                .isEmpty();
        assertThat(kind.problems(entry("{\"agents\":[\"Bad Name\"],\"max_depth\":11,\"max_fan_out\":\"many\",\"timeout\":\"soon\",\"x\":1}", null)))
                .containsExactlyInAnyOrder("delegate.x is not a known key (known: agents, max_depth, max_fan_out, timeout)",
                        "delegate.agents: \"Bad Name\" is not an agent name",
                        "delegate.max_depth must be a whole number from 1 to 10, got 11",
                        "delegate.max_fan_out must be a whole number from 1 to 100, got \"many\"",
                        "delegate.timeout 'soon' is not a duration like 500ms, 30s, 15m, 2h or 1d");
        assertThat(kind.problems(entry("[\"researcher\"]", null))).hasSize(1);
    }

    @Test
    void theToolOffersOnlyTheListedAgentsAndIsNotIdempotentUnlessDeclared() throws Exception {
        Tool tool = kind.create(entry("{\"agents\":[\"researcher\"]}", null));
        assertThat(tool.definition().name()).isEqualTo("agent_delegate");
        assertThat(tool.definition().inputSchema().at("/properties/agent/enum").toString()).isEqualTo("[\"researcher\"]");
        assertThat(tool.idempotent()).isFalse();
        assertThat(kind.create(entry("{\"agents\":[\"researcher\"]}", true)).idempotent()).isTrue();
        ToolInvocation other = new ToolInvocation("t", "ses", "run", "c1", "k", Json.constant("{\"agent\":\"writer\",\"message\":\"x\"}"), Map.of());
        assertThatThrownBy(() -> tool.call(other)).isInstanceOf(ToolInputException.class)
                .hasMessage("agent 'writer' is not one this agent may delegate to (allowed: researcher)");
        ToolInvocation blank = new ToolInvocation("t", "ses", "run", "c1", "k", Json.constant("{\"agent\":\"researcher\",\"message\":\" \"}"), Map.of());
        assertThatThrownBy(() -> tool.call(blank)).isInstanceOf(ToolInputException.class).hasMessageContaining("must not be blank");
        ToolInvocation early = new ToolInvocation("t", "ses", "run", "c1", "k", Json.constant("{\"agent\":\"researcher\",\"message\":\"go\"}"), Map.of());
        assertThat(((ToolOutcome.Failure) tool.call(early)).error()).contains("only possible inside a run of a started server");
    }

    @Test
    void theChildSessionOfACallIsAlwaysTheSameAndDiffersByCallAndTenant() {
        String id = DelegateTool.childSessionId("t1", "ses_1", "cairn-key");
        assertThat(id).isEqualTo(DelegateTool.childSessionId("t1", "ses_1", "cairn-key")).startsWith("ses_d").hasSize(29);
        assertThat(DelegateTool.childSessionId("t1", "ses_1", "cairn-other")).isNotEqualTo(id);
        assertThat(DelegateTool.childSessionId("t2", "ses_1", "cairn-key")).isNotEqualTo(id);
    }
}
