package dev.cairn.server.runtime;

import static dev.cairn.server.runtime.ApprovalRunTest.post;
import static dev.cairn.server.runtime.RuntimeFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.ValidationException;
import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.json.Json;
import dev.cairn.core.model.Usage;
import dev.cairn.core.run.RunState;
import dev.cairn.core.run.RunView;
import dev.cairn.core.store.SessionRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent_delegate} inside real runs: child sessions, limits, and usage counted in the parent. */
class DelegationRunTest {

    @TempDir
    Path folder;

    /** The scripted model's message that calls agent_delegate with these arguments. */
    static String delegate(String agent, String message) {
        return "/call agent_delegate " + Json.write(Map.of("agent", agent, "message", message));
    }

    static List<EventPayload.AgentDelegated> delegations(RuntimeFixture fixture, String session) {
        return fixture.store.events().readAll(session).stream().map(Event::payload)
                .filter(EventPayload.AgentDelegated.class::isInstance).map(EventPayload.AgentDelegated.class::cast).toList();
    }

    private static Usage modelUsage(RuntimeFixture fixture, String session, String runId) {
        Usage total = Usage.ZERO;
        for (Event event : fixture.store.events().readAll(session)) {
            if (runId.equals(event.runId()) && event.payload() instanceof EventPayload.ModelResponded responded) {
                total = total.plus(responded.usage());
            }
        }
        return total;
    }

    @Test
    void anAgentHandsAMessageToAnotherAndGetsItsAnswerWithTheChildsUsageCounted() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).delegation().open()) {
            fixture.agent("{name: researcher}");
            fixture.agent("""
                    name: boss
                    tools:
                      - delegate: {agents: [researcher]}
                    """);
            String session = fixture.session("boss");
            RunView run = post(fixture, session, delegate("researcher", "find three facts"));
            assertThat(run.state()).isEqualTo(RunState.COMPLETED);
            assertThat(run.output()).isEqualTo("agent_delegate -> echo: find three facts");

            EventPayload.AgentDelegated delegated = delegations(fixture, session).getFirst();
            assertThat(delegated.agent()).isEqualTo("researcher");
            assertThat(delegated.depth()).isEqualTo(1);
            assertThat(delegated.childState()).isEqualTo("completed");
            SessionRecord child = fixture.runtime.session(TENANT, delegated.childSessionId());
            assertThat(child.agent()).isEqualTo("researcher");
            assertThat(child.userId()).isEqualTo("u1");
            assertThat(child.metadata().get("delegation").get("parent_session").asText()).isEqualTo(session);
            assertThat(child.metadata().get("delegation").get("parent_run").asText()).isEqualTo(run.id());
            assertThat(child.metadata().get("delegation").get("parent_agent").asText()).isEqualTo("boss");
            assertThat(child.metadata().get("delegation").get("depth").asInt()).isEqualTo(1);

            RunView childRun = fixture.runtime.run(TENANT, delegated.childRunId());
            assertThat(childRun.output()).isEqualTo("echo: find three facts");
            assertThat(delegated.usage()).isEqualTo(childRun.usage());
            assertThat(childRun.usage().totalTokens()).isPositive();
            assertThat(run.usage()).isEqualTo(modelUsage(fixture, session, run.id()).plus(childRun.usage()));
        }
    }

    @Test
    void delegationStopsAtMaxDepth() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).delegation().open()) {
            fixture.agent("""
                    name: chain
                    tools:
                      - delegate: {agents: [chain], max_depth: 2}
                    """);
            String session = fixture.session("chain");
            String message = delegate("chain", delegate("chain", delegate("chain", "too deep")));
            RunView run = post(fixture, session, message);
            assertThat(run.state()).isEqualTo(RunState.COMPLETED);
            assertThat(run.output()).contains("cannot delegate: this session is already 2 delegations deep and max_depth is 2");
            assertThat(fixture.store.sessions().list(TENANT, "chain", 100)).hasSize(3);

            // a session whose creator wrote a negative depth into its metadata gets no deeper chain
            String forged = fixture.runtime.createSession(TENANT, "chain", "u1",
                    Json.constant("{\"delegation\":{\"depth\":-5}}")).id();
            assertThat(post(fixture, forged, message).output())
                    .contains("cannot delegate: this session is already 2 delegations deep and max_depth is 2");
            assertThat(fixture.store.sessions().list(TENANT, "chain", 100)).hasSize(6);
        }
    }

    @Test
    void oneRunStartsNoMoreChildrenThanMaxFanOut() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).delegation().open()) {
            fixture.agent("{name: helper}");
            fixture.agent("""
                    name: boss
                    tools:
                      - delegate: {agents: [helper], max_fan_out: 2}
                    """);
            String session = fixture.session("boss");
            RunView run = post(fixture, session, String.join("\n", delegate("helper", "one"), delegate("helper", "two"),
                    delegate("helper", "three")));
            assertThat(run.state()).isEqualTo(RunState.COMPLETED);
            assertThat(run.output().lines().toList()).containsExactly("agent_delegate -> echo: one",
                    "agent_delegate -> echo: two",
                    "agent_delegate -> cannot delegate: this run has already made 2 delegation calls, its max_fan_out; "
                            + "use the answers you have");
            assertThat(fixture.store.sessions().list(TENANT, "helper", 100)).hasSize(2);
            assertThat(delegations(fixture, session)).hasSize(2);
        }
    }

    @Test
    void onlyListedAgentsOfTheTenantCanBeCalled() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).delegation().open()) {
            fixture.agent("{name: helper}");
            fixture.agent("""
                    name: boss
                    tools:
                      - delegate: {agents: [helper, ghost]}
                    """);
            String session = fixture.session("boss");
            assertThat(post(fixture, session, delegate("boss", "loop")).output())
                    .isEqualTo("agent_delegate -> the arguments do not match the input schema of 'agent_delegate', so it was not called:"
                            + " /agent: does not have a value in the enumeration [\"helper\", \"ghost\"]");
            assertThat(post(fixture, session, delegate("ghost", "boo")).output())
                    .startsWith("agent_delegate -> cannot delegate to agent 'ghost': ").contains("ghost");
            assertThat(fixture.store.sessions().list(TENANT, null, 100)).hasSize(1);

            Assertions.assertThatThrownBy(() -> fixture.agent("""
                    name: broken
                    tools:
                      - delegate: {agents: [], max_depth: 0, fan_out: 3}
                    """)).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p).contains("delegate.agents must list at least one agent name"))
                    .anySatisfy(p -> assertThat(p).contains("delegate.max_depth must be a whole number from 1 to 10, got 0"))
                    .anySatisfy(p -> assertThat(p).contains("delegate.fan_out is not a known key")));
        }
    }

    @Test
    void theChildsTokensCountAgainstTheParentsMaxTokensPerRun() throws Exception {
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).delegation().open()) {
            fixture.agent("{name: verbose, instructions: \"" + "Consider every angle. ".repeat(400) + "\"}");
            fixture.agent("""
                    name: boss
                    tools:
                      - delegate: {agents: [verbose]}
                    limits: {max_tokens_per_run: 1500}
                    """);
            String session = fixture.session("boss");
            RunView run = post(fixture, session, delegate("verbose", "think"));
            assertThat(modelUsage(fixture, session, run.id()).totalTokens()).isLessThan(1500);
            assertThat(run.state()).isEqualTo(RunState.FAILED);
            assertThat(run.failureReason()).isEqualTo("max_tokens");
            assertThat(run.usage().totalTokens()).isGreaterThan(1500);
            assertThat(delegations(fixture, session).getFirst().usage().totalTokens()).isGreaterThan(1500);
        }
    }
}
