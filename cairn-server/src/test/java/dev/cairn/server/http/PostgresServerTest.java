package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.server.Cairn;
import dev.cairn.server.config.ConfigException;
import dev.cairn.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.cairn.testing.postgres.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole server on the machine's PostgreSQL ({@code store: postgres://...}), in a database of its
 * own: one conversation with the scripted provider, and its log found in PostgreSQL's tables.
 */
class PostgresServerTest {

    private static final String ADMIN_KEY = "admin-key-for-postgres-test";

    @TempDir
    Path folder;
    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create("server");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void aConversationIsStoredInPostgres() throws Exception {
        Path config = Files.writeString(folder.resolve("cairn.yaml"), """
                listen: {host: 127.0.0.1, port: 0}
                data: %s
                admin_key: %s
                store: %s?pool-size=4
                """.formatted(folder.resolve("data"), ADMIN_KEY, database.storeUrl()));
        ConfigLoader loader = ConfigLoader.create(Map.of());

        String session;
        try (Cairn cairn = Cairn.start(loader.load(new ConfigLoader.Overrides(config, null, null, null)), loader)) {
            HttpApi api = new HttpApi(cairn.baseUrl(), ADMIN_KEY);
            api.post("/v1/agents", """
                    {"name": "helper", "instructions": "Help.", "route": "scripted"}
                    """).expect(201);
            session = api.post("/v1/sessions", "{\"agent\": \"helper\"}").expect(201).json().get("id").asText();
            JsonNode answer = api.post("/v1/sessions/" + session + "/messages",
                    "{\"content\": \"hello\", \"wait\": true}").expect(200).json();

            assertThat(answer.get("run").get("state").asText()).isEqualTo("completed");
            assertThat(answer.get("output").asText()).isEqualTo("echo: hello");
            assertThat(api.get("/v1/sessions/" + session).expect(200).json().get("messages").findValuesAsText("role"))
                    .containsExactly("user", "assistant");
        }

        assertThat(eventTypes(session)).startsWith("session.created", "message.user", "run.queued")
                .contains("run.completed");
    }

    @Test
    void anUnreachableDatabaseIsAConfigErrorNamingHostAndPortButNotThePassword() throws Exception {
        Path config = Files.writeString(folder.resolve("cairn.yaml"), """
                data: %s
                store: postgresql://cairn:hunter2@127.0.0.1:1/cairn?connect-timeout=500ms
                """.formatted(folder.resolve("data")));
        ConfigLoader loader = ConfigLoader.create(Map.of());

        assertThatThrownBy(() -> Cairn.start(loader.load(new ConfigLoader.Overrides(config, null, null, null)), loader).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aBadStoreUrlIsRefusedWhenTheConfigurationIsRead() throws Exception {
        Path config = Files.writeString(folder.resolve("cairn.yaml"), "store: postgres://cairn:hunter2@/cairn\n");

        assertThatThrownBy(() -> ConfigLoader.create(Map.of()).load(new ConfigLoader.Overrides(config, null, null, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("names no host")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ConfigLoader.create(Map.of("CAIRN_STORE", "jdbc:postgresql://h:5432/db?pool-size=0"))
                .load(new ConfigLoader.Overrides(config, null, null, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pool-size");
    }

    private List<String> eventTypes(String session) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT type FROM events WHERE session_id = ? ORDER BY seq")) {
            statement.setString(1, session);
            List<String> types = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    types.add(rows.getString(1));
                }
            }
            return types;
        }
    }
}
