package dev.cairn.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.secret.SecretInfo;
import dev.cairn.core.secret.Secrets;
import dev.cairn.core.store.Role;

/**
 * {@code /v1/secrets}, for operators: write a secret (write-only: no endpoint answers a value),
 * list the tenant's secrets by name, delete one. No answer, error message or log line repeats a
 * value: a body that does not parse is refused without the parser's words, which may quote it.
 */
final class SecretEndpoints {

    private final Secrets secrets;

    SecretEndpoints(Secrets secrets) {
        this.secrets = secrets;
    }

    void register(ApiRouter router) {
        router.get("/v1/secrets", Role.OPERATOR, this::list)
                .put("/v1/secrets/{name}", Role.OPERATOR, this::write)
                .delete("/v1/secrets/{name}", Role.OPERATOR, this::delete);
    }

    private void list(Call call) {
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("secrets");
        secrets.list(call.tenantId()).forEach(secret -> list.add(wire(secret)));
        call.reply(200, answer);
    }

    private void write(Call call) {
        String value = value(call);
        Secrets.Written written = secrets.put(call.tenantId(), call.path("name"), value);
        call.reply(written.created() ? 201 : 200, wire(written.secret()));
    }

    private void delete(Call call) {
        secrets.delete(call.tenantId(), call.path("name"));
        call.replyNoContent();
    }

    private static String value(Call call) {
        JsonFields body;
        try {
            body = call.json("value");
        } catch (HttpProblem problem) {
            if (problem.type().equals("malformed_body")) {
                throw HttpProblem.malformed("the request body is not a valid JSON object {\"value\": \"...\"}; the parser's"
                        + " message is not repeated, as it may quote the secret");
            }
            throw problem;
        }
        return body.requiredText("value");
    }

    private static ObjectNode wire(SecretInfo secret) {
        ObjectNode node = Json.object();
        node.put("name", secret.name());
        node.put("created_at", Wire.time(secret.createdAt()));
        node.put("updated_at", Wire.time(secret.updatedAt()));
        return node;
    }
}
