package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.store.Role;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/secrets}: write-only values, names listed per tenant, and every bad request refused without a trace. */
class SecretsApiTest {

    private static final String VALUE = "sk_live_51HxQ2eZvKYlo2C";

    @TempDir
    Path folder;

    private ApiFixture fixture;
    private HttpApi operator;

    @BeforeEach
    void start() {
        fixture = ApiFixture.start(folder);
        operator = fixture.api.as(fixture.key(Role.OPERATOR));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aSecretIsWrittenReplacedListedAndDeletedWithoutItsValueEverShown() {
        JsonNode created = operator.put("/v1/secrets/billing", "{\"value\": \"" + VALUE + "\"}").expect(201).json();
        HttpApi.Reply replaced = operator.put("/v1/secrets/billing", "{\"value\": \"" + VALUE + "-2\"}").expect(200);
        operator.put("/v1/secrets/Alpha_1", "{\"value\": \"a\"}").expect(201);
        HttpApi.Reply listed = operator.get("/v1/secrets").expect(200);

        assertThat(created.fieldNames()).toIterable().containsExactly("name", "created_at", "updated_at");
        assertThat(created.get("name").asText()).isEqualTo("billing");
        assertThat(replaced.json().get("created_at")).isEqualTo(created.get("created_at"));
        assertThat(listed.json().get("secrets")).extracting(secret -> secret.get("name").asText())
                .containsExactly("Alpha_1", "billing");
        assertThat(created.toString() + replaced.body() + listed.body()).doesNotContain(VALUE);
        assertThat(fixture.secrets.resolve("default", "billing")).isEqualTo(VALUE + "-2");

        operator.method("DELETE", "/v1/secrets/billing").expect(204);
        assertThat(operator.method("DELETE", "/v1/secrets/billing").error(404, "not_found"))
                .isEqualTo("secret 'billing' does not exist");
        assertThat(operator.get("/v1/secrets").json().get("secrets")).hasSize(1);
    }

    @Test
    void noEndpointReadsAValue() {
        operator.put("/v1/secrets/billing", "{\"value\": \"" + VALUE + "\"}").expect(201);

        HttpApi.Reply read = operator.get("/v1/secrets/billing");

        assertThat(read.error(405, "method_not_allowed")).contains("allowed: PUT, DELETE");
        assertThat(read.body()).doesNotContain(VALUE);
    }

    @Test
    void onlyOperatorsAndAdminsMayTouchSecrets() {
        HttpApi user = fixture.api.as(fixture.key(Role.USER));

        user.put("/v1/secrets/billing", "{\"value\": \"x\"}").error(403, "forbidden");
        user.get("/v1/secrets").error(403, "forbidden");
        user.method("DELETE", "/v1/secrets/billing").error(403, "forbidden");
        fixture.api.as(null).get("/v1/secrets").error(401, "unauthorized");
        fixture.api.put("/v1/secrets/by_admin", "{\"value\": \"x\"}").expect(201);
        assertThat(operator.get("/v1/secrets").json().get("secrets")).hasSize(1);
    }

    @Test
    void badRequestsAreRefusedNamingTheProblemAndChangeNothing() {
        operator.put("/v1/secrets/billing", "{\"value\": \"" + VALUE + "\"}").expect(201);

        assertThat(operator.put("/v1/secrets/9lives", "{\"value\": \"x\"}").error(400, "invalid_request"))
                .contains("secret name '9lives' is not valid");
        assertThat(operator.put("/v1/secrets/" + "n".repeat(65), "{\"value\": \"x\"}").error(400, "invalid_request"))
                .contains("is not valid");
        assertThat(operator.put("/v1/secrets/billing", "{}").error(400, "invalid_request")).isEqualTo("'value' is required (a string)");
        assertThat(operator.put("/v1/secrets/billing", "{\"value\": 12345}").error(400, "invalid_request"))
                .isEqualTo("'value' must be a string, got a number");
        assertThat(operator.put("/v1/secrets/billing", "{\"value\": \"\"}").error(400, "invalid_request"))
                .isEqualTo("'value' must not be empty");
        assertThat(operator.put("/v1/secrets/billing", "{\"value\": \"a\\nb\"}").error(400, "invalid_request"))
                .contains("control character at index 1");
        assertThat(operator.put("/v1/secrets/billing", "{\"value\": \"x\", \"note\": 1}").error(400, "invalid_request"))
                .contains("unknown field 'note'");
        String malformed = operator.put("/v1/secrets/billing", "{\"value\": sk_live_unquoted}").error(400, "malformed_body");
        assertThat(malformed).doesNotContain("sk_live_unquoted").contains("not a valid JSON object");
        operator.method("DELETE", "/v1/secrets/nothing_here").error(404, "not_found");

        assertThat(fixture.secrets.resolve("default", "billing")).isEqualTo(VALUE);
        assertThat(operator.get("/v1/secrets").json().get("secrets")).extracting(secret -> secret.get("name").asText())
                .containsExactly("billing");
    }

    @Test
    void anotherTenantNeitherSeesNorChangesTheSecrets() {
        operator.put("/v1/secrets/billing", "{\"value\": \"" + VALUE + "\"}").expect(201);
        HttpApi other = fixture.api.as(fixture.otherTenantKey());

        assertThat(other.get("/v1/secrets").expect(200).json().get("secrets")).isEmpty();
        other.method("DELETE", "/v1/secrets/billing").error(404, "not_found");
        other.put("/v1/secrets/billing", "{\"value\": \"theirs\"}").expect(201);

        assertThat(fixture.secrets.resolve("default", "billing")).isEqualTo(VALUE);
        assertThat(operator.get("/v1/secrets").json().get("secrets")).hasSize(1);
    }
}
