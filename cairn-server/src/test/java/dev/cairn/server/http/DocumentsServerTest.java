package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.json.Json;
import dev.cairn.documents.DocumentFixtures;
import dev.cairn.server.Cairn;
import dev.cairn.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole server started from {@code cairn.yaml} with a folder collection: the folder is read at
 * start and on refresh, and an agent declared with {@code docs} searches it with {@code docs_search}.
 */
class DocumentsServerTest {

    private static final String ADMIN_KEY = "admin-key-for-documents-test";

    @TempDir
    Path folder;

    @Test
    void aFolderCollectionIsReadAtStartRefreshedOnDemandAndSearchedByAnAgent() throws Exception {
        Path handbook = Files.createDirectories(folder.resolve("handbook"));
        Files.write(handbook.resolve("policies.pdf"), DocumentFixtures.pdf(List.of(
                List.of("Expenses: receipts are required above fifty euros."),
                List.of("Parental leave lasts sixteen weeks at full pay."))));
        Files.writeString(handbook.resolve("vpn.md"), "# VPN\n\nConnect to the VPN before opening the wiki.");
        Path config = Files.writeString(folder.resolve("cairn.yaml"), """
                listen: {host: 127.0.0.1, port: 0}
                data: %s
                admin_key: %s
                collections:
                  handbook: {folder: %s, description: The employee handbook}
                """.formatted(folder.resolve("data"), ADMIN_KEY, handbook));
        ConfigLoader loader = ConfigLoader.create(Map.of());

        try (Cairn cairn = Cairn.start(loader.load(new ConfigLoader.Overrides(config, null, null, null)), loader)) {
            HttpApi api = new HttpApi(cairn.baseUrl(), ADMIN_KEY);
            JsonNode collection = api.get("/v1/collections/handbook").expect(200).json();
            assertThat(collection.get("documents").asInt()).isEqualTo(2);
            assertThat(collection.get("folder").asText()).isEqualTo(handbook.toAbsolutePath().toString());
            api.post("/v1/collections/handbook/documents?name=x.txt", "text/plain", DocumentFixtures.utf8("x"))
                    .error(409, "conflict");

            Files.writeString(handbook.resolve("expenses.txt"), "Travel expenses are refunded within ten days.");
            Files.delete(handbook.resolve("vpn.md"));
            JsonNode refreshed = api.post("/v1/collections/handbook/refresh", "{}").expect(200).json();
            assertThat(refreshed.get("added").get(0).asText()).isEqualTo("expenses.txt");
            assertThat(refreshed.get("removed").get(0).asText()).isEqualTo("vpn.md");
            assertThat(refreshed.get("unchanged").get(0).asText()).isEqualTo("policies.pdf");

            JsonNode refused = api.post("/v1/agents", """
                    {"name": "librarian", "instructions": "Answer.", "route": "scripted",
                     "tools": [{"docs": {"collections": []}}]}
                    """).expect(422).json();
            assertThat(refused.get("error").get("problems").get(0).asText())
                    .isEqualTo("tools[0].docs.collections must be a list of one or more collection names");
            api.post("/v1/agents", """
                    {"name": "librarian", "instructions": "Answer from the handbook.", "route": "scripted",
                     "tools": [{"docs": {"collections": ["handbook"]}}]}
                    """).expect(201);
            String session = api.post("/v1/sessions", "{\"agent\": \"librarian\"}").expect(201).json().get("id").asText();
            api.post("/v1/sessions/" + session + "/messages", """
                    {"content": "/call docs_search {\\"query\\": \\"how long is parental leave\\", \\"limit\\": 2}", "wait": true}
                    """).expect(200);

            JsonNode messages = api.get("/v1/sessions/" + session).expect(200).json().get("messages");
            JsonNode tool = messages.get(2);
            assertThat(tool.get("role").asText()).isEqualTo("tool");
            assertThat(tool.get("is_error").asBoolean()).isFalse();
            JsonNode best = Json.parse(tool.get("content").asText()).get("results").get(0);
            assertThat(best.get("document").asText()).isEqualTo("policies.pdf");
            assertThat(best.get("page").asInt()).isEqualTo(2);
            assertThat(best.get("text").asText()).contains("Parental leave lasts sixteen weeks");
        }
    }
}
