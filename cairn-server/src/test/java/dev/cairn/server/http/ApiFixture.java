package dev.cairn.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.IdGenerator;
import dev.cairn.core.Sleeper;
import dev.cairn.core.agent.AgentSpecs;
import dev.cairn.core.json.Json;
import dev.cairn.core.loop.RetryPolicy;
import dev.cairn.core.loop.RunExecutor;
import dev.cairn.core.loop.TokenCounter;
import dev.cairn.core.model.ScriptedProvider;
import dev.cairn.core.route.Route;
import dev.cairn.core.route.RouteTarget;
import dev.cairn.core.route.Router;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.secret.Secrets;
import dev.cairn.core.secret.SecretsKey;
import dev.cairn.core.store.Role;
import dev.cairn.core.model.ToolDefinition;
import dev.cairn.core.memory.LongTermMemory;
import dev.cairn.documents.DocumentLibrary;
import dev.cairn.core.tool.LongTermMemoryTools;
import dev.cairn.core.tool.MemoryTool;
import dev.cairn.core.tool.ToolFactory;
import dev.cairn.core.tool.ReadOutputTool;
import dev.cairn.core.tool.Tool;
import dev.cairn.core.tool.ToolInvocation;
import dev.cairn.core.tool.ToolOutcome;
import dev.cairn.core.tool.ToolCatalog;
import dev.cairn.core.tool.policy.PolicyConditions;
import dev.cairn.core.tool.policy.PolicyEffect;
import dev.cairn.core.tool.policy.PolicyRule;
import dev.cairn.core.tool.policy.ToolPolicies;
import dev.cairn.server.policy.JsonInputValidator;
import dev.cairn.server.archive.GzipFileArchive;
import dev.cairn.server.auth.ApiKeys;
import dev.cairn.server.memory.MemoryParts;
import dev.cairn.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A real API server for tests: a SQLite store in a temporary folder, the runtime with the
 * scripted provider on routes {@code scripted} and {@code default}, and a loopback port. Holds an
 * admin key of tenant {@code default} and makes more keys on request.
 */
final class ApiFixture implements AutoCloseable {

    static final String AGENT_JSON = """
            {"name": "helper", "instructions": "Help.", "route": "scripted",
             "memory": {"blocks": {"notes": "", "persona": "Careful."}},
             "tools": [{"builtin": "memory"}]}
            """;

    /** A built-in test tool whose every call returns {@link #REPORT_TEXT}, 100 KiB of numbered lines. */
    static final String REPORT_TEXT = report();
    private static final Tool REPORT = new Tool() {
        @Override
        public ToolDefinition definition() {
            return new ToolDefinition("report", "A long report.", Json.object().put("type", "object"));
        }

        @Override
        public boolean idempotent() {
            return true;
        }

        @Override
        public ToolOutcome call(ToolInvocation invocation) {
            return ToolOutcome.success(REPORT_TEXT);
        }
    };

    final SqliteStore store;
    final LongTermMemory memory;
    final DocumentLibrary documents;
    final GzipFileArchive archive;
    final AgentRuntime runtime;
    final ApiKeys keys;
    final Secrets secrets;
    final ApiServer server;
    final HttpApi api;
    final String adminKey;

    /** A server-wide rule, as {@code tool_policies} in cairn.yaml gives one: it covers the memory tool. */
    static final PolicyRule SERVER_RULE = new PolicyRule("no-forbidden-blocks", "mem*", null, null, PolicyEffect.DENY,
            PolicyConditions.compile("args.label == 'forbidden'"));

    private ApiFixture(Path folder, ApiServer.Options options) {
        this(folder, options, Map.of());
    }

    private ApiFixture(Path folder, ApiServer.Options options, Map<String, java.util.function.Supplier<String>> readiness) {
        Clock clock = Clock.systemUTC();
        store = SqliteStore.open(folder.resolve("cairn.db"), clock);
        ScriptedProvider scripted = ScriptedProvider.create("scripted", Sleeper.SYSTEM);
        Route route = new Route("scripted", List.of(new RouteTarget("scripted", "scripted")), 16_000, 1_000);
        Route fallback = new Route("default", List.of(new RouteTarget("scripted", "scripted")), 16_000, 1_000);
        memory = MemoryParts.open(store.memory(), folder.resolve("index/memory"));
        Map<String, ToolFactory> builtins = new HashMap<>(LongTermMemoryTools.factories(memory));
        builtins.put("memory", MemoryTool.factory());
        builtins.put("report", entry -> REPORT);
        ToolCatalog tools = ToolCatalog.of(builtins).withOutputReader(ReadOutputTool.create(store.blobs()))
                .withPolicies(ToolPolicies.create(List.of(SERVER_RULE), JsonInputValidator.create(), clock));
        AgentSpecs specs = AgentSpecs.create(java.util.Set.of("scripted", "default"), tools.builtinNames(),
                JsonSchemas.checker());
        RunExecutor executor = RunExecutor.create(Router.of(List.of(scripted), List.of(route, fallback)), tools,
                TokenCounter.o200k(), RetryPolicy.DEFAULT, Sleeper.SYSTEM, new SplittableRandom(7), clock, memory);
        archive = GzipFileArchive.create(folder.resolve("archive"));
        runtime = AgentRuntime.create(store, specs, executor, IdGenerator.random(), clock, AgentRuntime.Options.DEFAULT,
                archive);
        runtime.recover();
        keys = ApiKeys.create(store.tenants(), IdGenerator.random(), clock);
        adminKey = keys.ensureAdminKey(Optional.empty()).newKey().orElseThrow();
        byte[] secretsKey = new byte[SecretsKey.BYTES];
        new java.security.SecureRandom().nextBytes(secretsKey);
        secrets = Secrets.create(store.secrets(), SecretsKey.of(secretsKey), new java.security.SecureRandom(), clock);
        documents = DocumentLibrary.open(store.documents(), MemoryParts.embedder(),
                MemoryParts.index(folder.resolve("index/documents")), IdGenerator.random(), clock,
                DocumentLibrary.Options.DEFAULT);
        server = ApiServer.start(options, new ApiServer.Services(runtime, keys, tools, memory, secrets)
                .withDocuments(documents).withReadinessDetails(readiness));
        api = new HttpApi("http://127.0.0.1:" + server.port(), adminKey);
    }

    private static String report() {
        StringBuilder text = new StringBuilder();
        for (int line = 1; text.length() < 100 * 1024; line++) {
            text.append(String.format("%06d the quarterly figures, line by line%n", line));
        }
        return text.substring(0, 100 * 1024);
    }

    static ApiFixture start(Path folder) {
        return new ApiFixture(folder, ApiServer.Options.of("127.0.0.1", 0).withKeepAlive(Duration.ofMillis(300)));
    }

    /** A fixture whose {@code /readyz} also reports these details. */
    static ApiFixture start(Path folder, Map<String, java.util.function.Supplier<String>> readiness) {
        return new ApiFixture(folder, ApiServer.Options.of("127.0.0.1", 0).withKeepAlive(Duration.ofMillis(300)), readiness);
    }

    /** A new key of the default tenant with the given role. */
    String key(Role role) {
        return keys.issue(ApiKeys.DEFAULT_TENANT, role, role.wireName() + " key for tests").key();
    }

    /** A new tenant and an operator key for it. */
    String otherTenantKey() {
        String tenantId = keys.createTenant("other").id();
        return keys.issue(tenantId, Role.OPERATOR, "other tenant").key();
    }

    /** Applies the test agent with the admin key. */
    JsonNode applyAgent() {
        return api.post("/v1/agents", AGENT_JSON).expect(200, 201).json();
    }

    /** Creates a session of the test agent and answers its id. */
    String newSession() {
        applyAgent();
        return api.post("/v1/sessions", "{\"agent\": \"helper\", \"user_id\": \"u1\"}").expect(201).json().get("id").asText();
    }

    long eventCount(String sessionId) {
        return store.events().lastSeq(sessionId);
    }

    static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Override
    public void close() {
        server.close();
        runtime.close();
        memory.close();
        documents.close();
        store.close();
    }
}
