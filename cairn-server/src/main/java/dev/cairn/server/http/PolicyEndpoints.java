package dev.cairn.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.gateway.policy.StoredModelPolicy;
import dev.cairn.core.json.Json;
import dev.cairn.core.store.PolicyStore;
import dev.cairn.core.store.PolicyVersion;
import dev.cairn.core.store.Role;
import dev.cairn.core.store.StoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v1/policies}, for admins: the model-call policy in force, its history, and a new
 * version from a JSON or YAML body. The policy covers every tenant of the server, so only admins
 * read or change it. A bad body changes nothing and is answered 422 naming every bad rule.
 */
final class PolicyEndpoints {

    private static final List<String> DOCUMENT_TYPES;

    static {
        List<String> types = new ArrayList<>();
        types.add(RequestBody.JSON);
        types.addAll(RequestBody.YAML);
        DOCUMENT_TYPES = List.copyOf(types);
    }

    private final StoredModelPolicy policy;

    PolicyEndpoints(StoredModelPolicy policy) {
        this.policy = policy;
    }

    void register(ApiRouter router) {
        router.get("/v1/policies", Role.ADMIN, this::inForce)
                .put("/v1/policies", Role.ADMIN, this::put)
                .get("/v1/policies/versions", Role.ADMIN, this::versions);
    }

    private void inForce(Call call) {
        StoredModelPolicy.InForce current = policy.inForce();
        ObjectNode answer = Json.object();
        answer.put("version", current.version());
        answer.put("sha256", current.sha256().isEmpty() ? null : current.sha256());
        answer.put("created_at", Wire.time(current.createdAt()));
        answer.put("source", current.source().isEmpty() ? null : current.source());
        answer.setAll(current.document().toJson());
        call.reply(200, answer);
    }

    private void put(Call call) {
        RequestBody body = call.body().requireMediaType(DOCUMENT_TYPES);
        if (body.isEmpty()) {
            throw HttpProblem.badRequest("the request body must be a policy such as {\"default\": \"allow\", \"rules\": []}"
                    + " (JSON or YAML)");
        }
        JsonNode tree = RequestBody.parse(body.text(), body.isYaml());
        PolicyStore.Written written = policy.put(tree, "api:" + call.principal().keyId());
        call.reply(written.created() ? 201 : 200, version(written.version()));
    }

    private void versions(Call call) {
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("versions");
        policy.history().forEach(version -> list.add(version(version)));
        call.reply(200, answer);
    }

    private static ObjectNode version(PolicyVersion version) {
        ObjectNode node = Json.object();
        node.put("version", version.version());
        node.put("sha256", version.sha256());
        node.put("created_at", Wire.time(version.createdAt()));
        node.put("source", version.source());
        try {
            node.setAll((ObjectNode) Json.parse(version.document()));
        } catch (JsonProcessingException | ClassCastException e) {
            throw new StoreException("policy version " + version.version() + " does not hold a JSON object", e);
        }
        return node;
    }
}
