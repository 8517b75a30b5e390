package dev.cairn.server.openai;

import dev.cairn.core.IdGenerator;
import dev.cairn.core.Sleeper;
import dev.cairn.core.agent.AgentSpecs;
import dev.cairn.core.gateway.Admission;
import dev.cairn.core.gateway.CallResult;
import dev.cairn.core.gateway.CallSubject;
import dev.cairn.core.gateway.CallTarget;
import dev.cairn.core.gateway.ModelGateway;
import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.loop.RetryPolicy;
import dev.cairn.core.loop.RunExecutor;
import dev.cairn.core.loop.TokenCounter;
import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.LongTermMemory;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ScriptedProvider;
import dev.cairn.core.route.Route;
import dev.cairn.core.route.RouteTarget;
import dev.cairn.core.route.Router;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.secret.Secrets;
import dev.cairn.core.secret.SecretsKey;
import dev.cairn.core.store.Role;
import dev.cairn.core.tool.MemoryTool;
import dev.cairn.core.tool.ToolCatalog;
import dev.cairn.server.auth.ApiKeys;
import dev.cairn.server.http.ApiServer;
import dev.cairn.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real Cairn API server on a loopback port for the OpenAI-compatible API's tests: SQLite in a
 * temporary folder, the scripted provider on routes {@code scripted}, {@code default} and
 * {@value #RECORDED_MODEL} (the model the recorded traffic names), the given
 * model policy, and a gateway that records what it admits and settles.
 */
final class OpenAiFixture implements AutoCloseable {

    final SqliteStore store;
    final AgentRuntime runtime;
    final ApiKeys keys;
    final ApiServer server;
    final String key;
    final List<CallSubject> admitted = new CopyOnWriteArrayList<>();
    final List<CallResult> settled = new CopyOnWriteArrayList<>();
    /** What runs asked the model, in the order the runs' gateway admitted it. */
    final List<RunCall> runCalls = new CopyOnWriteArrayList<>();
    /** The model the recorded OpenAI traffic names, a route of the scripted provider here. */
    static final String RECORDED_MODEL = "gpt-4.1";
    private final LongTermMemory memory;

    /** The API needs long-term memory to exist; these tests never embed, so no model is loaded. */
    private static final Embedder UNUSED_EMBEDDER = new Embedder() {
        @Override
        public String model() {
            return "unused";
        }

        @Override
        public int dimensions() {
            return 4;
        }

        @Override
        public float[] embed(String text) {
            return new float[] {1, 0, 0, 0};
        }
    };

    private OpenAiFixture(Path folder, ModelPolicy policy) {
        Clock clock = Clock.systemUTC();
        store = SqliteStore.open(folder.resolve("cairn.db"), clock);
        ScriptedProvider scripted = ScriptedProvider.create("scripted", Sleeper.SYSTEM);
        Router router = Router.of(List.of(scripted), List.of(
                new Route("scripted", List.of(new RouteTarget("scripted", "scripted")), 16_000, 1_000),
                new Route("default", List.of(new RouteTarget("scripted", "scripted")), 16_000, 1_000),
                new Route(RECORDED_MODEL, List.of(new RouteTarget("scripted", "scripted")), 16_000, 1_000)));
        memory = LongTermMemory.open(store.memory(), UNUSED_EMBEDDER, dev.cairn.memory.LuceneMemoryIndex.builder(
                folder.resolve("index/memory"), UNUSED_EMBEDDER.model(), UNUSED_EMBEDDER.dimensions()).open(),
                IdGenerator.random(), LongTermMemory.Options.DEFAULT);
        ToolCatalog tools = ToolCatalog.of(Map.of("memory", MemoryTool.factory()));
        AgentSpecs specs = AgentSpecs.create(router.routeNames(), tools.builtinNames(),
                dev.cairn.server.http.JsonSchemas.checker());
        RunExecutor executor = RunExecutor.create(router, tools, TokenCounter.o200k(), RetryPolicy.DEFAULT, Sleeper.SYSTEM,
                new SplittableRandom(7), clock).withGateway(new ModelGateway() {
                    @Override
                    public Admission admit(CallSubject subject, CallTarget target, ChatRequest request) {
                        runCalls.add(new RunCall(subject, request));
                        return ModelGateway.OPEN.admit(subject, target, request);
                    }

                    @Override
                    public void settle(Admission.Admitted call, CallResult result) {
                    }
                });
        runtime = AgentRuntime.create(store, specs, executor, IdGenerator.random(), clock);
        runtime.recover();
        keys = ApiKeys.create(store.tenants(), IdGenerator.random(), clock);
        key = keys.ensureAdminKey(Optional.empty()).newKey().orElseThrow();
        byte[] secretsKey = new byte[SecretsKey.BYTES];
        new SecureRandom().nextBytes(secretsKey);
        Secrets secrets = Secrets.create(store.secrets(), SecretsKey.of(secretsKey), new SecureRandom(), clock);
        ModelGateway recording = new ModelGateway() {
            @Override
            public Admission admit(CallSubject subject, CallTarget target, ChatRequest request) {
                admitted.add(subject);
                return ModelGateway.OPEN.admit(subject, target, request);
            }

            @Override
            public void settle(Admission.Admitted call, CallResult result) {
                settled.add(result);
            }
        };
        server = ApiServer.start(ApiServer.Options.of("127.0.0.1", 0),
                new ApiServer.Services(runtime, keys, tools, memory, secrets).withModelPolicy(policy)
                        .withModels(router, recording));
    }

    /** A model call of a run: who made it and what the model was asked. */
    record RunCall(CallSubject subject, ChatRequest request) {
    }

    static OpenAiFixture start(Path folder) {
        return new OpenAiFixture(folder, ModelPolicy.DEFAULT);
    }

    static OpenAiFixture start(Path folder, ModelPolicy policy) {
        return new OpenAiFixture(folder, policy);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port() + OpenAiApi.PREFIX;
    }

    /** A user key of a new tenant. */
    String otherTenantKey() {
        String tenantId = keys.createTenant("other").id();
        return keys.issue(tenantId, Role.USER, "other tenant").key();
    }

    @Override
    public void close() {
        server.close();
        runtime.close();
        memory.close();
        store.close();
    }
}
