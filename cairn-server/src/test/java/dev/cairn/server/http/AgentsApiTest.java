package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.store.Role;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentsApiTest extends ApiServerTest {

    @Test
    void applyingANewDefinitionMakesAVersionAndAnUnchangedOneKeepsIt() {
        String definition = """
                {"name": "versioned", "route": "scripted", "instructions": "First."}
                """;
        JsonNode created = api.post("/v1/agents", definition).expect(201).json();
        assertThat(created.get("name").asText()).isEqualTo("versioned");
        assertThat(created.get("version").asInt()).isEqualTo(1);
        assertThat(created.get("instructions").asText()).isEqualTo("First.");
        assertThat(created.get("on_busy").asText()).isEqualTo("enqueue");
        assertThat(created.get("limits").get("run_timeout").asText()).isEqualTo("15m");

        JsonNode same = api.post("/v1/agents", definition).expect(200).json();
        assertThat(same.get("version").asInt()).isEqualTo(1);

        String yaml = """
                name: versioned
                route: scripted
                instructions: Second.
                """;
        JsonNode second = api.post("/v1/agents", "application/yaml", yaml.getBytes(StandardCharsets.UTF_8)).expect(201).json();
        assertThat(second.get("version").asInt()).isEqualTo(2);
        assertThat(second.get("instructions").asText()).isEqualTo("Second.");

        JsonNode versions = api.get("/v1/agents/versioned/versions").expect(200).json();
        assertThat(versions.get("versions")).hasSize(2);
        assertThat(versions.get("versions").get(0).get("instructions").asText()).isEqualTo("First.");
        assertThat(api.get("/v1/agents/versioned").expect(200).json().get("version").asInt()).isEqualTo(2);
    }

    @Test
    void everyYamlMediaTypeIsAccepted() {
        for (String type : new String[] {"application/x-yaml", "text/yaml", "application/yaml; charset=utf-8"}) {
            api.post("/v1/agents", type, "name: yaml-types\nroute: scripted\n".getBytes(StandardCharsets.UTF_8)).expect(200, 201);
        }
        assertThat(api.get("/v1/agents/yaml-types/versions").json().get("versions")).hasSize(1);
    }

    @Test
    void listsAgentsAndShowsResolvedTools() {
        fixture.applyAgent();
        JsonNode list = api.get("/v1/agents").expect(200).json();
        assertThat(list.get("agents").findValuesAsText("name")).contains("helper");

        JsonNode tools = api.get("/v1/agents/helper/tools").expect(200).json();
        assertThat(tools.get("agent").asText()).isEqualTo("helper");
        JsonNode memory = tools.get("tools").get(0);
        assertThat(memory.get("name").asText()).isEqualTo("memory");
        assertThat(memory.get("description").asText()).contains("memory blocks");
        assertThat(memory.get("input_schema").get("type").asText()).isEqualTo("object");
        assertThat(memory.get("policy").asText()).isEqualTo("allow");
        assertThat(memory.get("idempotent").asBoolean()).isFalse();
    }

    @Test
    void eachToolShowsItsEffectivePolicyWithTheServersRules() {
        String agent = """
                name: payer
                route: scripted
                tools:
                  - builtin: memory
                    policy: {require_approval: "args.label == 'persona'"}
                    rules: [{when: "args.label == 'root'", effect: deny, name: no-root}]
                    timeout: 30s
                    rate_limit: 10/m
                    max_output: 64KiB
                """;
        api.post("/v1/agents", "application/yaml", agent.getBytes(StandardCharsets.UTF_8)).expect(201);

        JsonNode memory = api.get("/v1/agents/payer/tools").expect(200).json().get("tools").get(0);
        assertThat(memory.get("available").asBoolean()).isTrue();
        JsonNode effective = memory.get("effective_policy");
        assertThat(effective.get("rules").findValuesAsText("name"))
                .containsExactly("tools[0].policy.require_approval", "no-root", "no-forbidden-blocks");
        assertThat(effective.get("rules").get(0).get("effect").asText()).isEqualTo("require_approval");
        assertThat(effective.get("rules").get(0).get("when").asText()).isEqualTo("args.label == 'persona'");
        assertThat(effective.get("rules").get(2).get("tool").asText()).isEqualTo("mem*");
        assertThat(effective.get("timeout_ms").asLong()).isEqualTo(30_000);
        assertThat(effective.get("rate_limit").get("calls").asInt()).isEqualTo(10);
        assertThat(effective.get("rate_limit").get("window_ms").asLong()).isEqualTo(60_000);
        assertThat(effective.get("max_output_bytes").asInt()).isEqualTo(65_536);
    }

    @Test
    void badPolicyConditionsAreRejectedNamingTheFieldAndTheProblem() {
        String bad = """
                {"name": "payer", "route": "scripted", "tools": [{"builtin": "memory",
                 "policy": {"require_approval": "args.amount >"}, "rate_limit": "lots"}]}
                """;
        JsonNode problems = api.post("/v1/agents", bad).expect(422).json().get("error").get("problems");
        assertThat(problems.toString()).contains("tools[0].policy.require_approval: condition",
                "is not valid CEL", "tools[0].rate_limit 'lots' is not a rate limit");
        api.get("/v1/agents/payer").error(404, "not_found");
    }

    @Test
    void anInvalidDefinitionListsEveryProblemAndStoresNothing() {
        String invalid = """
                {"name": "Bad Name", "route": "nowhere", "tools": [{"builtin": "teleport"}], "limits": {"max_steps": 0}}
                """;
        JsonNode error = api.post("/v1/agents", invalid).expect(422).json().get("error");
        assertThat(error.get("type").asText()).isEqualTo("validation_failed");
        assertThat(error.get("problems")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(error.get("problems").toString()).contains("Bad Name", "nowhere", "teleport", "max_steps");
        assertThat(api.get("/v1/agents").json().get("agents").findValuesAsText("name")).doesNotContain("Bad Name");
    }

    @Test
    void toolInputSchemasMustBeValidObjectSchemas() {
        String notObject = """
                {"name": "schemas", "route": "scripted",
                 "tools": [{"builtin": "memory", "input_schema": {"type": "string"}}]}
                """;
        JsonNode problems = api.post("/v1/agents", notObject).expect(422).json().get("error").get("problems");
        assertThat(problems.toString()).contains("input_schema", "type must be 'object'");

        String invalidSchema = """
                {"name": "schemas", "route": "scripted",
                 "tools": [{"builtin": "memory", "input_schema": {"type": "object", "properties": 5}}]}
                """;
        problems = api.post("/v1/agents", invalidSchema).expect(422).json().get("error").get("problems");
        assertThat(problems.toString()).contains("input_schema", "properties");
        api.get("/v1/agents/schemas").error(404, "not_found");
    }

    @Test
    void onlyOperatorsMayApplyAgentsButUsersMayReadThem() {
        fixture.applyAgent();
        HttpApi user = api.as(fixture.key(Role.USER));
        user.post("/v1/agents", "{\"name\": \"by-user\", \"route\": \"scripted\"}").error(403, "forbidden");
        user.get("/v1/agents/helper").expect(200);
        api.as(fixture.key(Role.OPERATOR)).post("/v1/agents", "{\"name\": \"by-operator\", \"route\": \"scripted\"}").expect(201);
        api.get("/v1/agents/by-user").error(404, "not_found");
    }

    @Test
    void unknownAgentsAreNotFound() {
        assertThat(api.get("/v1/agents/nobody").error(404, "not_found")).contains("nobody");
        api.get("/v1/agents/nobody/versions").error(404, "not_found");
        api.get("/v1/agents/nobody/tools").error(404, "not_found");
    }
}
