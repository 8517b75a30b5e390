package dev.cairn.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.json.Json;
import dev.cairn.server.Cairn;
import dev.cairn.server.config.CairnConfig;
import dev.cairn.server.config.ConfigLoader;
import dev.cairn.server.config.ProviderConfig;
import dev.cairn.server.config.RouteConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn demo}: a server on localhost with data in {@code ./cairn-data}, a sample agent,
 * one conversation to show it works, and the commands to try next.
 */
@Command(name = "demo", description = "Start a demo server on localhost with a sample agent.", mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {

    @Option(names = {"-p", "--port"}, defaultValue = "8080", description = "port (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--exit", description = "stop after the sample conversation instead of serving")
    boolean exitAfterCheck;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path data = Path.of("cairn-data");
        Files.createDirectories(data);
        String openAiKey = System.getenv("OPENAI_API_KEY");
        boolean online = openAiKey != null && !openAiKey.isBlank();
        Map<String, String> environment = new LinkedHashMap<>(System.getenv());
        Path keyFile = data.resolve("admin.key");
        if (Files.exists(keyFile)) {
            environment.put("CAIRN_ADMIN_KEY", Files.readString(keyFile).trim());
        }
        ConfigLoader loader = ConfigLoader.create(environment);
        CairnConfig base = loader.load(new ConfigLoader.Overrides(null, port, data, "127.0.0.1"));
        Cairn cairn = Cairn.start(online ? withOpenAi(base) : base, loader);
        cairn.newAdminKey().ifPresent(key -> saveKey(keyFile, key));
        String adminKey = Files.readString(keyFile).trim();
        AgentVersion agent;
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo-agent.yaml")) {
            agent = cairn.runtime().applyAgent(cairn.defaultTenantId(), new String(in.readAllBytes(), StandardCharsets.UTF_8), false);
        }
        String url = cairn.baseUrl();
        System.out.println();
        System.out.println("Cairn demo is running.");
        System.out.println("  model:      " + (online ? "openai (OPENAI_API_KEY is set)"
                : "scripted - offline and deterministic; set OPENAI_API_KEY to use OpenAI"));
        System.out.println("  API:        " + url + "/v1");
        System.out.println("  admin key:  " + adminKey + "   (also in " + keyFile + ")");
        System.out.println("  agent:      " + agent.name() + " version " + agent.version());
        System.out.println("  data:       " + data.toAbsolutePath());
        sampleConversation(URI.create(url + "/"), adminKey, online);
        System.out.println();
        System.out.println("Try it:");
        System.out.println("  ./cairn chat demo");
        System.out.println("  curl -s -H 'Authorization: Bearer " + adminKey + "' " + url + "/v1/agents");
        System.out.println("  curl -s -H 'Authorization: Bearer " + adminKey + "' -H 'Content-Type: application/json' \\");
        System.out.println("       -d '{\"agent\":\"demo\"}' " + url + "/v1/sessions");
        System.out.println("  curl -s -H 'Authorization: Bearer " + adminKey + "' '" + url
                + "/v1/memory?scope=agent&agent=demo&q=hello'");
        if (exitAfterCheck) {
            cairn.close();
            return 0;
        }
        System.out.println("Stop with Ctrl-C.");
        System.out.flush();
        ServeCommand.runUntilStopped(cairn);
        return 0;
    }

    private static void sampleConversation(URI base, String key, boolean online) {
        ApiClient client = new ApiClient(base, key);
        String session = client.postJson("/v1/sessions", Json.object().put("agent", "demo")).path("id").asText();
        String message = online ? "Say hello and tell me in one sentence what you can do."
                : "/call workspace {\"operation\": \"write\", \"path\": \"hello.txt\", \"content\": \"Hello from Cairn\"}\n"
                + "/call memory {\"operation\": \"append\", \"label\": \"user\", \"text\": \"Tried the demo.\"}\n"
                + "/call memory_save {\"text\": \"The first demo conversation wrote hello.txt.\"}";
        JsonNode result = client.postJson("/v1/sessions/" + session + "/messages",
                Json.object().put("content", message).put("wait", true));
        System.out.println();
        System.out.println("Sample conversation (session " + session + "):");
        System.out.println("  user:  " + message.replace("\n", "\n         "));
        System.out.println("  agent: " + result.path("output").asText().replace("\n", "\n         "));
        System.out.println("  run:   " + result.path("run").path("id").asText() + " " + result.path("run").path("state").asText());
    }

    private static CairnConfig withOpenAi(CairnConfig base) {
        List<ProviderConfig> providers = new ArrayList<>(base.providers());
        providers.add(new ProviderConfig("openai", "openai", null, "env:OPENAI_API_KEY", "chat", "120s"));
        Map<String, RouteConfig> routes = new LinkedHashMap<>(base.routes());
        String model = System.getenv().getOrDefault("OPENAI_MODEL", "gpt-4o-mini");
        routes.put("default", new RouteConfig(List.of(new RouteConfig.Target("openai", model)), 64_000, 2_000));
        return new CairnConfig(base.host(), base.port(), base.dataDir(), base.store(), base.adminKey(), providers, routes,
                base.retry(), base.lease(), base.secrets(), base.breakers(), base.tools(), base.policies(), base.budgets());
    }

    private static void saveKey(Path keyFile, String key) {
        try {
            Files.writeString(keyFile, key + "\n");
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new CliException("cannot save the admin key to " + keyFile + ": " + e.getMessage());
        }
    }
}
