package dev.cairn.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.ValidationException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentSpecsTest {

    /** Built-ins memory and workspace, and a declared kind {@code http} that accepts any declaration. */
    private static final ToolDeclarations TOOLS = new ToolDeclarations() {
        @Override
        public Set<String> builtins() {
            return Set.of("memory", "workspace");
        }

        @Override
        public Set<String> kinds() {
            return Set.of("http");
        }

        @Override
        public Optional<List<String>> problems(String kind, ToolEntry entry) {
            return Optional.of(List.of());
        }
    };

    private final AgentSpecs specs = AgentSpecs.create(Set.of("default", "scripted"), TOOLS,
            schema -> schema.has("type") ? List.of() : List.of("'type' is required"));

    @Test
    void readsAFullDefinitionFromYaml() {
        AgentSpec spec = specs.parse("""
                name: support-triage
                route: default
                instructions: |
                  You triage support tickets.
                memory:
                  blocks: {persona: "Concise, careful.", user: ""}
                  long_term: {scope: user, extract: [facts]}
                tools:
                  - builtin: memory
                  - builtin: workspace
                    policy: allow
                limits: {max_steps: 7, max_tokens_per_run: 60000, run_timeout: 2m}
                on_busy: reject
                """, false);
        assertThat(spec.name()).isEqualTo("support-triage");
        assertThat(spec.instructions()).isEqualTo("You triage support tickets.\n");
        assertThat(spec.memory().blocks()).containsExactly(
                java.util.Map.entry("persona", "Concise, careful."), java.util.Map.entry("user", ""));
        assertThat(spec.tools()).extracting(ToolEntry::builtin).containsExactly("memory", "workspace");
        assertThat(spec.limits()).isEqualTo(new Limits(7, 60000, "2m"));
        assertThat(spec.limits().runTimeoutDuration()).hasMinutes(2);
        assertThat(spec.onBusy()).isEqualTo(OnBusy.REJECT);
    }

    @Test
    void defaultsAreFilledIn() {
        AgentSpec spec = specs.parse("{\"name\": \"a1\"}", true);
        assertThat(spec.route()).isEqualTo("default");
        assertThat(spec.limits()).isEqualTo(Limits.DEFAULT);
        assertThat(spec.onBusy()).isEqualTo(OnBusy.ENQUEUE);
    }

    @Test
    void readsRetentionAndLeavesItOutWhenUnset() {
        assertThat(specs.parse("{name: a1, retention: {idle_days: 30}}", false).retention()).isEqualTo(new Retention(30));
        assertThat(specs.parse("{\"name\": \"a1\"}", true).retention()).isNull();
        assertThat(dev.cairn.core.json.Json.write(specs.parse("{\"name\": \"a1\"}", true))).doesNotContain("retention");
    }

    @Test
    void badRetentionIsNamed() {
        for (String retention : List.of("{idle_days: 0}", "{idle_days: 2.5}", "{idle_days: \"30\"}", "{}", "30",
                "{idle_days: 40000}", "{idle_days: 3, keep: true}")) {
            assertThatThrownBy(() -> specs.parse("{name: a1, retention: " + retention + "}", false))
                    .as(retention)
                    .isInstanceOfSatisfying(ValidationException.class, invalid ->
                            assertThat(invalid.problems()).singleElement().asString().startsWith("retention"));
        }
    }

    @Test
    void listsEveryProblemAtOnce() {
        assertThatThrownBy(() -> specs.parse("""
                name: Bad Name
                route: nowhere
                colour: blue
                tools:
                  - builtin: shell
                  - name: refund
                    http: {method: POST, url: "https://x"}
                    input_schema: {properties: {}}
                  - builtin: memory
                    policy: sometimes
                limits: {max_steps: 0, run_timeout: forever}
                on_busy: panic
                """, false))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("name 'Bad Name'"))
                        .anySatisfy(p -> assertThat(p).contains("route 'nowhere' is not a configured route (known: default, scripted)"))
                        .anySatisfy(p -> assertThat(p).contains("'colour' is not a known field"))
                        .anySatisfy(p -> assertThat(p).contains("tools[0].builtin 'shell' is not a built-in tool"))
                        .anySatisfy(p -> assertThat(p).contains("tools[1].input_schema: 'type' is required"))
                        .anySatisfy(p -> assertThat(p).contains("tools[2].policy 'sometimes'"))
                        .anySatisfy(p -> assertThat(p).contains("limits.max_steps"))
                        .anySatisfy(p -> assertThat(p).contains("limits.run_timeout 'forever'"))
                        .anySatisfy(p -> assertThat(p).contains("on_busy 'panic'")));
    }

    @Test
    void wrongTypesAreNamed() {
        assertThatThrownBy(() -> specs.parse("{\"name\": 5, \"tools\": {}}", true))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .contains("name must be a string, got number", "tools must be a list"));
    }

    @Test
    void unparsableTextIsAnInvalidRequestNamingTheFormat() {
        assertThatThrownBy(() -> specs.parse("{\"name\": ", true))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> specs.parse("name: [unclosed", false))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> specs.parse("- a\n- b", false))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("must be an object");
    }

    @Test
    void aToolListedTwiceIsAProblem() {
        assertThatThrownBy(() -> specs.parse("{\"name\":\"a\",\"tools\":[{\"builtin\":\"memory\"},{\"builtin\":\"memory\"}]}", true))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.problems()).containsExactly("tools[1] 'memory' is listed twice"));
    }

    @Test
    void readsApprovalSettingsAndClientTools() {
        AgentSpec spec = specs.parse("""
                name: a1
                tools:
                  - builtin: memory
                    policy: require_approval
                    approval_timeout: 30m
                    on_unknown_outcome: ask
                  - name: pick_file
                    description: Ask the user to pick a file.
                    client: true
                    input_schema: {type: object, properties: {kind: {type: string}}}
                """, false);
        ToolEntry memory = spec.tools().get(0);
        assertThat(memory.approvalTimeoutOrDefault()).hasMinutes(30);
        assertThat(memory.asksOnUnknownOutcome()).isTrue();
        ToolEntry client = spec.tools().get(1);
        assertThat(client.executedByClient()).isTrue();
        assertThat(client.approvalTimeoutOrDefault()).isEqualTo(ToolEntry.DEFAULT_APPROVAL_TIMEOUT);
        assertThat(client.asksOnUnknownOutcome()).isFalse();
    }

    @Test
    void badApprovalSettingsAndClientToolsAreEachNamed() {
        assertThatThrownBy(() -> specs.parse("""
                name: a1
                tools:
                  - builtin: memory
                    policy: require_approval
                    approval_timeout: soon
                    on_unknown_outcome: retry
                  - builtin: workspace
                    approval_timeout: 5m
                  - name: pick
                    client: true
                    policy: require_approval
                    idempotent: true
                  - client: true
                  - name: both
                    client: true
                    builtin: memory
                  - name: typo
                    client: yes please
                  - builtin: memory
                    polcy: require_approval
                  - name: forever
                    client: true
                    on_unknown_outcome: ask
                """, false))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("tools[0].approval_timeout 'soon' is not a duration"))
                        .anySatisfy(p -> assertThat(p).contains("tools[0].on_unknown_outcome 'retry' is not one of ask, tell_model"))
                        .anySatisfy(p -> assertThat(p).contains("tools[1].approval_timeout applies only to a tool whose policy"))
                        .anySatisfy(p -> assertThat(p).contains("tools[2].policy require_approval does not apply to a client tool"))
                        .anySatisfy(p -> assertThat(p).contains("tools[2].idempotent does not apply to a client tool"))
                        .anySatisfy(p -> assertThat(p).contains("tools[3].name is required for a client tool"))
                        .anySatisfy(p -> assertThat(p).contains("tools[4] must have exactly one of 'builtin', 'http' or 'client: true'"))
                        .anySatisfy(p -> assertThat(p).contains("tools[5].client must be true or false"))
                        .anySatisfy(p -> assertThat(p).contains("tools[6].polcy is not a known field"))
                        .anySatisfy(p -> assertThat(p).contains("tools[7].on_unknown_outcome does not apply to a client tool")));
    }

    @Test
    void anApprovalTimeoutHasALimit() {
        assertThatThrownBy(() -> specs.parse(
                "{\"name\": \"a1\", \"tools\": [{\"builtin\": \"memory\", \"policy\": \"require_approval\", "
                        + "\"approval_timeout\": \"91d\"}]}", true))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .containsExactly("tools[0].approval_timeout '91d' is longer than the limit of 90d"));
    }

    @Test
    void memoryBlocksTakeATextOrATextWithALimit() {
        AgentSpec spec = specs.parse("""
                name: a1
                memory:
                  blocks:
                    persona: "Concise."
                    user: {value: "Ada", limit: 2000}
                    task: {limit: 300}
                    scratch: {value: "x"}
                    empty: null
                """, false);
        MemorySpec memory = spec.memory();
        assertThat(memory.blocks()).containsExactly(java.util.Map.entry("persona", "Concise."),
                java.util.Map.entry("user", "Ada"), java.util.Map.entry("task", ""), java.util.Map.entry("scratch", "x"),
                java.util.Map.entry("empty", ""));
        assertThat(memory.limit("persona")).isEqualTo(MemorySpec.DEFAULT_BLOCK_LIMIT);
        assertThat(memory.limit("user")).isEqualTo(2000);
        assertThat(memory.limit("task")).isEqualTo(300);
        assertThat(memory.limit("scratch")).isEqualTo(MemorySpec.DEFAULT_BLOCK_LIMIT);
        assertThat(memory.limit("made_through_the_api")).isEqualTo(MemorySpec.DEFAULT_BLOCK_LIMIT);
        assertThat(memory.blockLimits()).containsExactly(java.util.Map.entry("user", 2000), java.util.Map.entry("task", 300));
    }

    @Test
    void badMemoryBlocksAreEachNamed() {
        assertThatThrownBy(() -> specs.parse("""
                name: a1
                memory:
                  blocks:
                    "bad label": "x"
                    count: 5
                    zero: {value: "", limit: 0}
                    huge: {limit: 100001}
                    fraction: {limit: 2.5}
                    word: {limit: "many"}
                    numbered: {value: 7}
                    extra: {value: "", limt: 10}
                    long: {value: "abcdef", limit: 5}
                    too_long: "%s"
                """.formatted("y".repeat(MemorySpec.DEFAULT_BLOCK_LIMIT + 1)), false))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).containsExactly(
                        "memory.blocks label 'bad label' must be 1-64 letters, digits, '_' or '-'",
                        "memory.blocks.count must be a string, or an object {value, limit}",
                        "memory.blocks.zero.limit must be a whole number of characters from 1 to 100000, got 0",
                        "memory.blocks.huge.limit must be a whole number of characters from 1 to 100000, got 100001",
                        "memory.blocks.fraction.limit must be a whole number of characters from 1 to 100000, got 2.5",
                        "memory.blocks.word.limit must be a whole number of characters from 1 to 100000, got \"many\"",
                        "memory.blocks.numbered.value must be a string",
                        "memory.blocks.extra.limt is not a known field (known: value, limit)",
                        "memory.blocks.long has 6 characters, over its limit of 5",
                        "memory.blocks.too_long has 5001 characters, over its limit of 5000"));
    }

    @Test
    void aDefinitionWithoutLimitsIsStoredAsBeforeAndOneWithLimitsKeepsThem() throws Exception {
        AgentSpec plain = specs.parse("{name: a1, memory: {blocks: {persona: calm}}}", false);
        String plainJson = dev.cairn.core.json.Json.write(plain);
        assertThat(plainJson).contains("\"memory\":{\"blocks\":{\"persona\":\"calm\"}}");
        assertThat(specs.parse("{name: a1, memory: {blocks: {persona: {value: calm, limit: 5000}}}}", false))
                .isEqualTo(plain);

        AgentSpec limited = specs.parse("{name: a1, memory: {blocks: {persona: {value: calm, limit: 40}}}}", false);
        AgentSpec decoded = dev.cairn.core.json.Json.mapper().readValue(dev.cairn.core.json.Json.write(limited), AgentSpec.class);
        assertThat(decoded).isEqualTo(limited);
        assertThat(decoded.memory().limit("persona")).isEqualTo(40);
        AgentSpec stored = dev.cairn.core.json.Json.mapper().readValue(plainJson, AgentSpec.class);
        assertThat(stored.memory().blockLimits()).isEmpty();
        assertThat(dev.cairn.core.json.Json.write(stored)).isEqualTo(plainJson);
    }
}
