package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.server.Cairn;
import dev.cairn.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole server started from {@code cairn.yaml} with a model-call policy: a route target the
 * policy denies is skipped and the next target answers, with the refusal naming the rule in the
 * session's log; a run whose every target is denied fails with {@code policy_denied}; and admins
 * read and replace the policy over the API, a bad one changing nothing. One server serves both
 * tests (starting one takes seconds); the test that replaces the policy puts the configured one
 * back before it ends.
 */
class ModelPolicyServerTest {

    private static final String ADMIN_KEY = "admin-key-for-model-policy-test";

    @TempDir
    static Path folder;

    private static Cairn cairn;
    private static HttpApi api;

    @BeforeAll
    static void startServer() throws Exception {
        cairn = start();
        api = new HttpApi(cairn.baseUrl(), ADMIN_KEY);
        api.post("/v1/agents", "{\"name\": \"helper\", \"instructions\": \"Help.\", \"route\": \"default\"}").expect(201);
        api.post("/v1/agents", "{\"name\": \"us-helper\", \"instructions\": \"Help.\", \"route\": \"us\"}").expect(201);
    }

    @AfterAll
    static void stopServer() {
        if (cairn != null) {
            cairn.close();
        }
    }

    private static Cairn start() throws Exception {
        Path config = Files.writeString(folder.resolve("cairn.yaml"), """
                listen: {host: 127.0.0.1, port: 0}
                data: %s
                admin_key: %s
                providers:
                  - {name: us-east, type: scripted}
                  - {name: eu-west, type: scripted}
                routes:
                  default: {targets: [{provider: us-east, model: gpt-4o}, {provider: eu-west, model: gpt-4o}]}
                  us: {targets: [{provider: us-east, model: gpt-4o}, {provider: us-east, model: gpt-4o-mini}]}
                policies:
                  - name: eu-only
                    match: {model: "gpt-*", classification: [confidential, restricted]}
                    require_provider: [eu-west]
                """.formatted(folder.resolve("data"), ADMIN_KEY));
        ConfigLoader loader = ConfigLoader.create(Map.of());
        return Cairn.start(loader.load(new ConfigLoader.Overrides(config, null, null, null)), loader);
    }

    private static String session(String agent, String classification) {
        String metadata = classification == null ? "{}" : "{\"classification\": \"" + classification + "\"}";
        return api.post("/v1/sessions", "{\"agent\": \"" + agent + "\", \"metadata\": " + metadata + "}").expect(201).json()
                .get("id").asText();
    }

    private static List<JsonNode> events(String session, String type) {
        List<JsonNode> found = new ArrayList<>();
        api.get("/v1/sessions/" + session + "/events").expect(200).json().path("events").forEach(event -> {
            if (event.path("type").asText().equals(type)) {
                found.add(event);
            }
        });
        return found;
    }

    @Test
    void deniedTargetsAreSkippedNamingTheRuleAndARunWithNoAllowedTargetFails() throws Exception {
        String confidential = session("helper", "confidential");
        JsonNode answered = api.post("/v1/sessions/" + confidential + "/messages",
                "{\"content\": \"hello\", \"wait\": true}").expect(200).json();
        assertThat(answered.path("output").asText()).isEqualTo("echo: hello");
        assertThat(events(confidential, "model.responded")).singleElement()
                .satisfies(event -> assertThat(event.path("provider").asText()).isEqualTo("eu-west"));
        assertThat(events(confidential, "model.failed")).singleElement().satisfies(event -> {
            assertThat(event.path("provider").asText()).isEqualTo("us-east");
            assertThat(event.path("error_type").asText()).isEqualTo("policy_denied");
            assertThat(event.path("message").asText())
                    .isEqualTo("rule eu-only requires provider eu-west; target us-east/gpt-4o is not");
        });

        String unclassified = session("helper", null);
        api.post("/v1/sessions/" + unclassified + "/messages", "{\"content\": \"hi\", \"wait\": true}").expect(200);
        assertThat(events(unclassified, "model.responded")).singleElement()
                .satisfies(event -> assertThat(event.path("provider").asText()).isEqualTo("us-east"));
        assertThat(events(unclassified, "model.failed")).isEmpty();

        String restricted = session("us-helper", "restricted");
        JsonNode failed = api.post("/v1/sessions/" + restricted + "/messages",
                "{\"content\": \"hello\", \"wait\": true}").expect(200).json();
        JsonNode run = failed.path("run");
        assertThat(run.path("state").asText()).isEqualTo("failed");
        assertThat(run.path("failure").path("reason").asText()).isEqualTo("policy_denied");
        assertThat(run.path("failure").path("message").asText()).contains("rule eu-only", "us-east/gpt-4o-mini");
        assertThat(events(restricted, "model.failed")).extracting(event -> event.path("message").asText())
                .containsExactly("rule eu-only requires provider eu-west; target us-east/gpt-4o is not",
                        "rule eu-only requires provider eu-west; target us-east/gpt-4o-mini is not");
        assertThat(events(restricted, "model.responded")).isEmpty();
    }

    @Test
    void adminsReadThePolicyInForceAndReplaceItAndABadOneChangesNothing() throws Exception {
        JsonNode configured = api.get("/v1/policies").expect(200).json();
        try {
            JsonNode inForce = api.get("/v1/policies").expect(200).json();
            assertThat(inForce.path("version").asLong()).isEqualTo(1);
            assertThat(inForce.path("default").asText()).isEqualTo("allow");
            assertThat(inForce.path("rules").get(0).path("name").asText()).isEqualTo("eu-only");
            assertThat(inForce.path("sha256").asText()).hasSize(64);
            assertThat(inForce.path("source").asText()).startsWith("config:").endsWith("cairn.yaml");

            JsonNode refused = api.put("/v1/policies", """
                    {"rules": [{"name": "loose", "effect": "permit"},
                               {"name": "nowhere", "require_provider": []},
                               {"name": "elsewhere", "require_provider": ["azure"]}]}
                    """).expect(422).json();
            assertThat(refused.path("error").path("problems")).extracting(JsonNode::asText).containsExactly(
                    "rules[0] 'loose': effect 'permit' is not one of allow, deny (constraints are written"
                            + " require_provider: [...] or require_region: [...])",
                    "rules[1] 'nowhere': require_provider must list at least one provider",
                    "rules[2] 'elsewhere': require_provider names 'azure', which is not a configured provider"
                            + " (configured: eu-west, scripted, us-east)");
            api.put("/v1/policies", "not json").error(400, "malformed_body");
            assertThat(api.get("/v1/policies/versions").expect(200).json().path("versions")).hasSize(1);

            String user = api.post("/v1/keys", "{\"role\": \"operator\"}").expect(201).json().path("key").asText();
            api.as(user).get("/v1/policies").error(403, "forbidden");
            api.as(user).put("/v1/policies", "{\"rules\": []}").error(403, "forbidden");

            JsonNode stored = api.send(api.request("/v1/policies").header("Content-Type", "application/yaml")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("""
                            default: deny
                            rules:
                              - {name: eu-gpt, match: {model: "gpt-*"}, require_provider: [eu-west]}
                            """))).expect(201).json();
            assertThat(stored.path("version").asLong()).isEqualTo(2);
            assertThat(stored.path("source").asText()).startsWith("api:");
            api.put("/v1/policies", stored.toString().replaceAll("\"(version|sha256|created_at|source)\":[^,]*,", ""))
                    .expect(200);
            JsonNode versions = api.get("/v1/policies/versions").expect(200).json().path("versions");
            assertThat(versions).extracting(version -> version.path("version").asLong()).containsExactly(1L, 2L);
            assertThat(versions.get(1).path("default").asText()).isEqualTo("deny");

            String unclassified = session("helper", null);
            api.post("/v1/sessions/" + unclassified + "/messages", "{\"content\": \"hi\", \"wait\": true}").expect(200);
            assertThat(events(unclassified, "model.failed")).singleElement().satisfies(event ->
                    assertThat(event.path("message").asText()).isEqualTo(
                            "rule eu-gpt requires provider eu-west; target us-east/gpt-4o is not"));
            assertThat(events(unclassified, "model.responded")).singleElement()
                    .satisfies(event -> assertThat(event.path("provider").asText()).isEqualTo("eu-west"));
        } finally {
            api.put("/v1/policies", Json.object().put("default", configured.path("default").asText())
                    .set("rules", configured.path("rules")).toString()).expect(200, 201);
        }
    }
}
