package dev.cairn.server.runtime;

import dev.cairn.core.IdGenerator;
import dev.cairn.core.Sleeper;
import dev.cairn.core.agent.AgentSpecs;
import dev.cairn.core.agent.AgentVersion;
import dev.cairn.core.delegate.DelegateToolKind;
import dev.cairn.core.loop.RetryPolicy;
import dev.cairn.core.loop.RunExecutor;
import dev.cairn.core.loop.TokenCounter;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ScriptedProvider;
import dev.cairn.core.route.Route;
import dev.cairn.core.route.RouteTarget;
import dev.cairn.core.route.Router;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.runtime.MemoryExtractionJob;
import dev.cairn.core.secret.Secrets;
import dev.cairn.core.secret.SecretsKey;
import dev.cairn.core.store.Tenant;
import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.LongTermMemory;
import dev.cairn.core.tool.LongTermMemoryTools;
import dev.cairn.core.tool.MemoryTool;
import dev.cairn.core.tool.ReadOutputTool;
import dev.cairn.core.tool.ToolCatalog;
import dev.cairn.core.tool.ToolFactory;
import dev.cairn.core.tool.policy.PolicyRule;
import dev.cairn.core.tool.policy.ToolPolicies;
import dev.cairn.server.policy.JsonInputValidator;
import dev.cairn.core.tool.ToolKind;
import dev.cairn.server.archive.GzipFileArchive;
import dev.cairn.server.memory.MemoryParts;
import dev.cairn.store.sqlite.SqliteStore;
import dev.cairn.core.session.SessionHistory;
import dev.cairn.tools.http.EgressAllowlist;
import dev.cairn.tools.http.HttpToolKind;
import dev.cairn.tools.recall.ConversationRecall;
import dev.cairn.tools.recall.ConversationSearchTool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A runtime over a real SQLite file, with the model and extra tools a test chooses. */
final class RuntimeFixture implements AutoCloseable {

    static final String TENANT = "t1";

    final Path folder;
    final Path database;
    final SqliteStore store;
    final AgentRuntime runtime;
    final List<Duration> slept;
    /** The long-term memory of the runtime, or null when the builder did not ask for one. */
    final LongTermMemory memory;
    /** The tenants' secrets, which the runtime's HTTP tools resolve. */
    final Secrets secrets;
    private final Builder builder;
    private ChatProvider provider;

    private RuntimeFixture(Path folder, Path database, SqliteStore store, AgentRuntime runtime, List<Duration> slept,
                           LongTermMemory memory, Secrets secrets, Builder builder) {
        this.folder = folder;
        this.database = database;
        this.store = store;
        this.runtime = runtime;
        this.slept = slept;
        this.memory = memory;
        this.secrets = secrets;
        this.builder = builder;
    }

    /** Another runtime (another worker, with its own holder id and caches) over the same store. */
    AgentRuntime secondRuntime(ChatProvider provider) {
        AgentRuntime other = builder.runtime(store, provider, duration -> { }, memory, secrets);
        other.recover();
        return other;
    }

    static Builder in(Path folder) {
        return new Builder(folder);
    }

    static final class Builder {
        private final Path folder;
        private ChatProvider model;
        private final Map<String, ToolFactory> tools = new LinkedHashMap<>();
        private int contextTokens = 16_000;
        private AgentRuntime.Options options = new AgentRuntime.Options(Duration.ofMillis(600), Duration.ofMillis(50));
        private Clock clock = Clock.systemUTC();
        private Duration retentionInterval = AgentRuntime.Options.DEFAULT_RETENTION_INTERVAL;
        private Embedder embedder;
        private String indexFolder = "index/memory";
        private final List<ConversationRecall> recalls = new ArrayList<>();
        private List<PolicyRule> toolPolicies = List.of();
        private EgressAllowlist egress = EgressAllowlist.allowing("127.0.0.1");
        private final List<ToolKind> kinds = new ArrayList<>();
        private boolean delegation;
        private java.util.function.Function<SqliteStore, dev.cairn.core.gateway.ModelGateway> gateway = store ->
                dev.cairn.core.gateway.ModelGateway.OPEN;
        private dev.cairn.core.gateway.ModelGateway madeGateway = dev.cairn.core.gateway.ModelGateway.OPEN;

        private Builder(Path folder) {
            this.folder = folder;
            tools.put("memory", MemoryTool.factory());
        }

        Builder model(ChatProvider provider) {
            this.model = provider;
            return this;
        }

        Builder tool(String name, ToolFactory factory) {
            tools.put(name, factory);
            return this;
        }

        /** Offers {@code delegate: {...}} entries, running the agents they name on the fixture's runtime. */
        Builder delegation() {
            this.delegation = true;
            return this;
        }

        /** A kind of declared tool beside {@code http}. */
        Builder kind(ToolKind kind) {
            kinds.add(kind);
            return this;
        }

        Builder lease(Duration ttl) {
            this.options = new AgentRuntime.Options(ttl, Duration.ofMillis(50), options.maxPendingApprovalsPerSession(),
                    options.maxPendingApprovalsPerTenant(), options.retentionInterval());
            return this;
        }

        Builder approvalLimits(int perSession, int perTenant) {
            this.options = options.withApprovalLimits(perSession, perTenant);
            return this;
        }

        /** The clock of the store and the runtime (run timeouts, event times, retention). */
        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        Builder retentionInterval(Duration interval) {
            this.retentionInterval = interval;
            return this;
        }

        /**
         * Long-term memory with the real embedding model ({@code embedder} may count its calls), its
         * Lucene index in {@code indexFolder} under the fixture's folder, and its two tools.
         */
        Builder longTermMemory(Embedder embedder, String indexFolder) {
            this.embedder = embedder;
            this.indexFolder = indexFolder;
            return this;
        }

        Builder longTermMemory() {
            return longTermMemory(MemoryParts.embedder(), "index/memory");
        }

        /** Server-wide tool rules, as {@code tool_policies} in cairn.yaml gives them. */
        Builder toolPolicies(List<PolicyRule> rules) {
            this.toolPolicies = List.copyOf(rules);
            return this;
        }

        /** The hosts HTTP tools may reach (default: 127.0.0.1 only). */
        Builder egress(EgressAllowlist allowlist) {
            this.egress = allowlist;
            return this;
        }

        /** The gateway every model call of the runtime passes, made over the fixture's store. */
        Builder gateway(java.util.function.Function<SqliteStore, dev.cairn.core.gateway.ModelGateway> gateway) {
            this.gateway = gateway;
            return this;
        }

        Builder contextTokens(int tokens) {
            this.contextTokens = tokens;
            return this;
        }

        RuntimeFixture open() {
            List<Duration> slept = java.util.Collections.synchronizedList(new ArrayList<>());
            ChatProvider provider = model != null ? model : ScriptedProvider.create("scripted", Sleeper.SYSTEM);
            Path database = folder.resolve("cairn.db");
            SqliteStore store = SqliteStore.open(database, clock);
            store.tenants().createTenant(new Tenant(TENANT, TENANT, clock.instant()));
            LongTermMemory memory = embedder == null ? null
                    : MemoryParts.open(store.memory(), embedder, folder.resolve(indexFolder));
            byte[] key = new byte[SecretsKey.BYTES];
            new java.security.SecureRandom().nextBytes(key);
            Secrets secrets = Secrets.create(store.secrets(), SecretsKey.of(key), new java.security.SecureRandom(), clock);
            AgentRuntime runtime = runtime(store, provider, slept::add, memory, secrets);
            runtime.recover();
            RuntimeFixture fixture = new RuntimeFixture(folder, database, store, runtime, slept, memory, secrets, this);
            fixture.provider = provider;
            return fixture;
        }

        private Router router(ChatProvider provider) {
            return Router.of(List.of(provider), List.of(
                    new Route("default", List.of(new RouteTarget(provider.name(), "m")), contextTokens, 500)));
        }

        private AgentRuntime runtime(SqliteStore store, ChatProvider provider, Sleeper sleeper, LongTermMemory memory,
                                     Secrets secrets) {
            Router router = router(provider);
            ConversationRecall recall = ConversationRecall.create(SessionHistory.of(store.events()), 1_000_000,
                    Duration.ofMinutes(5));
            recalls.add(recall);
            Map<String, ToolFactory> builtins = new LinkedHashMap<>(tools);
            builtins.putIfAbsent(ConversationSearchTool.NAME, ConversationSearchTool.create(recall).factory());
            if (memory != null) {
                builtins.putAll(LongTermMemoryTools.factories(memory));
            }
            ToolCatalog catalog = ToolCatalog.of(builtins).withKind(HttpToolKind.create(egress, secrets))
                    .withOutputReader(ReadOutputTool.create(store.blobs()))
                    .withPolicies(ToolPolicies.create(toolPolicies, JsonInputValidator.create(), clock));
            for (ToolKind kind : kinds) {
                catalog = catalog.withKind(kind);
            }
            java.util.concurrent.atomic.AtomicReference<AgentRuntime> made = new java.util.concurrent.atomic.AtomicReference<>();
            if (delegation) {
                catalog = catalog.withKind(DelegateToolKind.create(made::get, clock));
            }
            RetryPolicy retry = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1));
            RunExecutor executor = memory == null
                    ? RunExecutor.create(router, catalog, TokenCounter.o200k(), retry, sleeper, new SplittableRandom(7), clock)
                    : RunExecutor.create(router, catalog, TokenCounter.o200k(), retry, sleeper, new SplittableRandom(7), clock,
                    memory);
            madeGateway = gateway.apply(store);
            executor = executor.withGateway(madeGateway);
            AgentSpecs specs = AgentSpecs.create(router.routeNames(), catalog, schema -> List.of());
            AgentRuntime runtime = AgentRuntime.create(store, specs, executor, IdGenerator.random(), clock,
                    new AgentRuntime.Options(options.leaseTtl(), options.scanInterval(), options.maxPendingApprovalsPerSession(),
                            options.maxPendingApprovalsPerTenant(), retentionInterval),
                    GzipFileArchive.create(folder.resolve("archive")));
            made.set(runtime);
            return runtime;
        }
    }

    /**
     * The memory extraction job over this fixture's store, model and long-term memory, recording
     * into this fixture's runtime.
     */
    MemoryExtractionJob extraction() {
        if (memory == null) {
            throw new IllegalStateException("open the fixture with longTermMemory() to extract memories");
        }
        return new MemoryExtractionJob(store, builder.router(provider), memory, builder.embedder, runtime::recordExtraction,
                builder.madeGateway, Clock.systemUTC());
    }

    AgentVersion agent(String yaml) {
        return runtime.applyAgent(TENANT, yaml, false);
    }

    String session(String agent) {
        return runtime.createSession(TENANT, agent, "u1", null).id();
    }

    @Override
    public void close() {
        runtime.close();
        if (memory != null) {
            memory.close();
        }
        store.close();
        builder.recalls.forEach(ConversationRecall::close);
    }
}
