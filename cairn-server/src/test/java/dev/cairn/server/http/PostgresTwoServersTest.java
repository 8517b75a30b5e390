package dev.cairn.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.server.Cairn;
import dev.cairn.server.config.ConfigLoader;
import dev.cairn.testing.postgres.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two whole servers in this process on one PostgreSQL database, each with its own data folder,
 * started at the same moment with the same admin key and folder collection: both start, and what
 * one is told the other answers at once.
 */
@Timeout(120)
class PostgresTwoServersTest {

    private static final String ADMIN_KEY = "admin-key-for-two-servers-test";

    @TempDir
    Path folder;
    private TestDatabase database;
    private final List<Cairn> servers = new ArrayList<>();

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create("two_servers");
    }

    @AfterEach
    void stop() {
        servers.forEach(Cairn::close);
        database.close();
    }

    private Path config(String node, Path handbook) throws Exception {
        return Files.writeString(folder.resolve(node + ".yaml"), """
                listen: {host: 127.0.0.1, port: 0}
                data: %s
                admin_key: %s
                store: %s?pool-size=4
                collections:
                  handbook: {folder: %s, description: The employee handbook}
                """.formatted(folder.resolve(node), ADMIN_KEY, database.storeUrl(), handbook));
    }

    @Test
    void twoServersStartTogetherAndEachFindsAtOnceWhatTheOtherWasJustTold() throws Exception {
        Path handbook = Files.createDirectories(folder.resolve("handbook"));
        Files.writeString(handbook.resolve("vpn.md"), "# VPN\n\nConnect to the VPN before opening the wiki.");
        List<Path> configs = List.of(config("a", handbook), config("b", handbook));
        CyclicBarrier start = new CyclicBarrier(2);
        try (ExecutorService starting = Executors.newFixedThreadPool(2)) {
            List<Future<Cairn>> started = new ArrayList<>();
            for (Path config : configs) {
                started.add(starting.submit(() -> {
                    ConfigLoader loader = ConfigLoader.create(Map.of());
                    var settings = loader.load(new ConfigLoader.Overrides(config, null, null, null));
                    start.await();
                    return Cairn.start(settings, loader);
                }));
            }
            for (Future<Cairn> server : started) {
                servers.add(server.get());
            }
        }
        HttpApi nodeA = new HttpApi(servers.get(0).baseUrl(), ADMIN_KEY);
        HttpApi nodeB = new HttpApi(servers.get(1).baseUrl(), ADMIN_KEY);

        assertThat(nodeB.get("/v1/collections/handbook").expect(200).json().get("documents").asInt()).isEqualTo(1);
        List<String> facts = List.of("Alice's favourite colour is teal", "The staging server runs in Frankfurt",
                "Invoices above 10,000 euros need two signatures");
        for (int i = 0; i < facts.size(); i++) {
            HttpApi writer = i % 2 == 0 ? nodeA : nodeB;
            HttpApi reader = i % 2 == 0 ? nodeB : nodeA;
            String id = writer.post("/v1/memory", """
                    {"scope": "user", "user_id": "alice", "kind": "fact", "text": "%s"}
                    """.formatted(facts.get(i))).expect(201).json().get("id").asText();

            JsonNode found = reader.get("/v1/memory?scope=user&user_id=alice&limit=1&q="
                    + URLEncoder.encode(facts.get(i), StandardCharsets.UTF_8)).expect(200).json();

            assertThat(found.get("items").findValuesAsText("id")).as("fact %d", i).containsExactly(id);
        }
    }
}
