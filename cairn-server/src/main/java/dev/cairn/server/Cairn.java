package dev.cairn.server;

import dev.cairn.core.IdGenerator;
import dev.cairn.core.Sleeper;
import dev.cairn.core.agent.AgentSpecs;
import dev.cairn.core.delegate.DelegateToolKind;
import dev.cairn.core.gateway.LedgerGateway;
import dev.cairn.core.gateway.policy.StoredModelPolicy;
import dev.cairn.core.agent.Durations;
import dev.cairn.core.loop.RetryPolicy;
import dev.cairn.core.loop.RunExecutor;
import dev.cairn.core.loop.TokenCounter;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ScriptedProvider;
import dev.cairn.core.route.Route;
import dev.cairn.core.route.RouteTarget;
import dev.cairn.core.route.Router;
import dev.cairn.core.secret.Secrets;
import dev.cairn.core.secret.SecretsKey;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.runtime.BackgroundJobs;
import dev.cairn.core.runtime.MemoryExtractionJob;
import dev.cairn.core.store.Store;
import dev.cairn.core.memory.LongTermMemory;
import dev.cairn.core.tool.LongTermMemoryTools;
import dev.cairn.core.tool.MemoryTool;
import dev.cairn.core.tool.ReadOutputTool;
import dev.cairn.core.tool.ToolCatalog;
import dev.cairn.core.tool.policy.ToolPolicies;
import dev.cairn.server.policy.JsonInputValidator;
import dev.cairn.core.tool.ToolFactory;
import dev.cairn.mcp.McpToolKind;
import dev.cairn.documents.DocsToolKind;
import dev.cairn.documents.DocumentLibrary;
import dev.cairn.memory.MiniLmEmbedder;
import dev.cairn.models.anthropic.AnthropicConfig;
import dev.cairn.models.anthropic.AnthropicProvider;
import dev.cairn.models.bedrock.BedrockProvider;
import dev.cairn.models.ollama.OllamaProvider;
import dev.cairn.models.openai.OpenAiConfig;
import dev.cairn.models.openai.OpenAiProvider;
import dev.cairn.server.archive.GzipFileArchive;
import dev.cairn.server.auth.ApiKeys;
import dev.cairn.server.config.CairnConfig;
import dev.cairn.server.config.ConfigException;
import dev.cairn.server.config.ConfigLoader;
import dev.cairn.server.config.ProviderConfig;
import dev.cairn.server.config.RouteConfig;
import dev.cairn.server.http.ApiServer;
import dev.cairn.server.http.JsonSchemas;
import dev.cairn.server.secret.SecretsKeys;
import dev.cairn.store.sqlite.SqliteStore;
import dev.cairn.store.postgres.PostgresStore;
import dev.cairn.server.config.StoreUrl;
import dev.cairn.core.session.SessionHistory;
import dev.cairn.tools.code.CodeRunTool;
import dev.cairn.tools.code.CodeSandbox;
import dev.cairn.tools.http.HttpToolKind;
import java.security.SecureRandom;
import dev.cairn.tools.sql.SqlToolKind;
import dev.cairn.tools.recall.ConversationRecall;
import dev.cairn.tools.recall.ConversationSearchTool;
import dev.cairn.tools.workspace.WorkspaceTool;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A running Cairn server: the store, the runtime and the HTTP API, wired from a
 * {@link CairnConfig}. Start one with {@link #start}; {@link #close()} stops it and flushes the store.
 */
public final class Cairn implements AutoCloseable {

    /** How much text the conversation indexes kept in memory may hold together, and how long one is kept unused. */
    private static final long RECALL_INDEXED_CHARS = 32L * 1024 * 1024;
    private static final java.time.Duration RECALL_IDLE = java.time.Duration.ofMinutes(15);

    private final Store store;
    private final LongTermMemory memory;
    private final DocumentLibrary documents;
    private final BackgroundJobs jobs;
    private final AgentRuntime runtime;
    private final ApiServer api;
    private final String defaultTenantId;
    private final Optional<String> newAdminKey;
    /** Provider clients and the embedding model, closed last. */
    private final List<AutoCloseable> clients;

    private Cairn(Store store, LongTermMemory memory, DocumentLibrary documents, BackgroundJobs jobs,
                  AgentRuntime runtime, ApiServer api, String defaultTenantId, Optional<String> newAdminKey,
                  List<AutoCloseable> clients) {
        this.store = store;
        this.memory = memory;
        this.documents = documents;
        this.jobs = jobs;
        this.runtime = runtime;
        this.api = api;
        this.defaultTenantId = defaultTenantId;
        this.newAdminKey = newAdminKey;
        this.clients = clients;
    }

    /**
     * Opens the store (applying migrations), brings the long-term memory and documents indexes in
     * {@code DATA/index} up to date with it (rebuilding them when missing), recovers runs a
     * previous process left, reads the folders of declared document collections, and starts serving. The configured
     * model-call policy is stored as a new policy version when it differs from the latest stored one, and every
     * model call of every run is decided by the latest stored version. The key that seals
     * secrets is found (or made, in {@code DATA/secrets.key}) before anything else is opened.
     *
     * @throws ConfigException when the configuration cannot be used
     */
    public static Cairn start(CairnConfig config, ConfigLoader loader) {
        Clock clock = Clock.systemUTC();
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new ConfigException("data folder " + config.dataDir() + " cannot be created: " + e.getMessage(), e);
        }
        List<ChatProvider> chatProviders = new ArrayList<>();
        List<AutoCloseable> closeables = new ArrayList<>();
        for (ProviderConfig provider : config.providers()) {
            ChatProvider chatProvider = provider(provider, loader);
            chatProviders.add(chatProvider);
            if (chatProvider instanceof AutoCloseable closeable) {
                closeables.add(closeable);
            }
        }
        Router router = Router.of(chatProviders, routes(config.routes()));
        SecretsKey secretsKey = SecretsKeys.load(config.secrets(), new SecureRandom());
        Store store = openStore(config.storeUrl(), clock);
        MiniLmEmbedder embedder = null;
        LongTermMemory memory = null;
        DocumentLibrary documents = null;
        try {
            embedder = MiniLmEmbedder.create();
            closeables.add(embedder);
            memory = LongTermMemory.open(store.memory(), embedder,
                    MemoryIndexFolders.open(config.dataDir().resolve("index"), embedder), IdGenerator.random(),
                    LongTermMemory.Options.DEFAULT);
            documents = DocumentLibrary.open(store.documents(), embedder,
                    MemoryIndexFolders.open(config.dataDir().resolve("index"), "documents", embedder), IdGenerator.random(),
                    clock, DocumentLibrary.Options.DEFAULT);
            WorkspaceTool workspace = WorkspaceTool.create(config.dataDir().resolve("workspaces"));
            ConversationRecall recall = ConversationRecall.create(SessionHistory.of(store.events()),
                    RECALL_INDEXED_CHARS, RECALL_IDLE);
            closeables.add(recall);
            Map<String, ToolFactory> builtins = new LinkedHashMap<>(LongTermMemoryTools.factories(memory));
            builtins.put("memory", MemoryTool.factory());
            builtins.put("workspace", workspace.factory());
            CodeSandbox sandbox = CodeSandbox.open(config.sandbox());
            builtins.put(CodeRunTool.BUILTIN, CodeRunTool.create(workspace, sandbox).factory());
            builtins.put(ConversationSearchTool.NAME, ConversationSearchTool.create(recall).factory());
            McpToolKind mcp = McpToolKind.create();
            closeables.add(mcp);
            SqlToolKind sql = SqlToolKind.create(config.dataSources());
            closeables.add(sql);
            Secrets secrets = Secrets.create(store.secrets(), secretsKey, new SecureRandom(), clock);
            // the delegate tool runs other agents on the runtime, which is made after the catalog
            java.util.concurrent.atomic.AtomicReference<AgentRuntime> runtimeForDelegation = new java.util.concurrent.atomic.AtomicReference<>();
            ToolCatalog catalog = ToolCatalog.of(builtins)
                    .withKind(HttpToolKind.create(config.egress().allowlist(), secrets))
                    .withKind(mcp)
                    .withKind(sql)
                    .withKind(DelegateToolKind.create(runtimeForDelegation::get, clock))
                    .withKind(new DocsToolKind(documents))
                    .withOutputReader(ReadOutputTool.create(store.blobs()))
                    .withPolicies(ToolPolicies.create(config.toolPolicies(), JsonInputValidator.create(), clock));
            AgentSpecs specs = AgentSpecs.create(router.routeNames(), catalog, JsonSchemas.checker());
            CairnConfig.RetryConfig retry = config.retry();
            RetryPolicy retryPolicy = new RetryPolicy(retry.maxAttempts(),
                    Durations.parse("retry.initial_backoff", retry.initialBackoff()),
                    Durations.parse("retry.max_backoff", retry.maxBackoff()));
            StoredModelPolicy modelPolicy = StoredModelPolicy.create(store.policies(), providerNames(config), clock,
                    StoredModelPolicy.DEFAULT_REFRESH);
            modelPolicy.install(config.policies().document(), config.policies().source());
            TokenCounter tokens = TokenCounter.o200k();
            LedgerGateway gateway = LedgerGateway.create(store.ledger(), modelPolicy, config.budgets(), tokens, clock);
            RunExecutor executor = RunExecutor.create(router, catalog, tokens, retryPolicy, Sleeper.SYSTEM,
                    new SplittableRandom(), clock, memory, config.breakers()).withGateway(gateway);
            AgentRuntime runtime = AgentRuntime.create(store, specs, executor, IdGenerator.random(), clock,
                    new AgentRuntime.Options(config.lease(), scanInterval(config.lease())),
                    GzipFileArchive.create(config.dataDir().resolve("archive")));
            runtimeForDelegation.set(runtime);
            ApiKeys keys = ApiKeys.create(store.tenants(), clock);
            ApiKeys.Bootstrap bootstrap = keys.ensureAdminKey(Optional.ofNullable(config.adminKey()));
            runtime.recover();
            DocumentFolders.declare(store, documents, bootstrap.tenantId(), config.collections());
            MemoryExtractionJob extraction = new MemoryExtractionJob(store, router, memory, embedder, runtime::recordExtraction,
                    gateway, clock);
            BackgroundJobs jobs = BackgroundJobs.start(store.jobs(), Map.of(MemoryExtractionJob.KIND, extraction), clock,
                    BackgroundJobs.Options.DEFAULT, IdGenerator.random().newId("node"), new SplittableRandom());
            ApiServer api = ApiServer.start(new ApiServer.Options(config.host(), config.port()),
                    new ApiServer.Services(runtime, keys, catalog, memory, secrets).withDocuments(documents)
                            .withReadinessDetails(Map.of(CodeRunTool.NAME, () -> sandbox.status().detail()))
                            .withModelPolicy(modelPolicy)
                            .withModels(router, gateway));
            return new Cairn(store, memory, documents, jobs, runtime, api, bootstrap.tenantId(), bootstrap.newKey(),
                    closeables);
        } catch (RuntimeException e) {
            if (memory != null) {
                memory.close();
            }
            if (documents != null) {
                documents.close();
            }
            if (embedder != null) {
                embedder.close();
            }
            store.close();
            throw e;
        }
    }

    /**
     * Opens the store the configuration names.
     *
     * @throws ConfigException when a PostgreSQL database cannot be reached or prepared (naming its host and port)
     */
    private static Store openStore(StoreUrl url, Clock clock) {
        return switch (url) {
            case StoreUrl.Sqlite sqlite -> SqliteStore.open(sqlite.file(), clock);
            case StoreUrl.Postgres postgres -> {
                try {
                    yield PostgresStore.open(postgres.options(), clock);
                } catch (dev.cairn.core.store.StoreException e) {
                    throw new ConfigException("store: " + e.getMessage(), e);
                }
            }
        };
    }

    /** Often enough that a run resumes well within a second of its lease expiring. */
    private static java.time.Duration scanInterval(java.time.Duration lease) {
        return java.time.Duration.ofMillis(Math.min(250, lease.toMillis() / 4));
    }

    private static java.util.Set<String> providerNames(CairnConfig config) {
        return config.providers().stream().map(ProviderConfig::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static ChatProvider provider(ProviderConfig provider, ConfigLoader loader) {
        return switch (provider.type()) {
            case "scripted" -> ScriptedProvider.create(provider.name(), Sleeper.SYSTEM);
            case "openai" -> {
                OpenAiConfig.Builder builder = OpenAiConfig.builder(provider.name())
                        .apiKey(loader.resolveSecret(provider.apiKey()));
                if (provider.baseUrl() != null) {
                    builder.baseUrl(provider.baseUrl());
                }
                if (provider.wireApi() != null) {
                    builder.wireApi(provider.wireApi());
                }
                if (provider.timeout() != null) {
                    builder.requestTimeout(Durations.parse("providers." + provider.name() + ".timeout", provider.timeout()));
                }
                yield OpenAiProvider.create(builder.region(provider.region()).build());
            }
            case "anthropic" -> {
                String apiKey = loader.resolveSecret(provider.apiKey());
                AnthropicConfig.Builder builder = AnthropicConfig.builder(provider.name()).apiKey(apiKey == null ? "" : apiKey);
                if (provider.baseUrl() != null) {
                    builder.baseUrl(provider.baseUrl());
                }
                if (provider.timeout() != null) {
                    builder.requestTimeout(Durations.parse("providers." + provider.name() + ".timeout", provider.timeout()));
                }
                yield AnthropicProvider.create(builder.region(provider.region()).build());
            }
            case "bedrock" -> BedrockProvider.create(ProviderFactories.bedrock(provider, loader));
            case "ollama" -> OllamaProvider.create(ProviderFactories.ollama(provider, loader));
            default -> throw new ConfigException("provider type '" + provider.type() + "' is not supported");
        };
    }

    private static List<Route> routes(Map<String, RouteConfig> routes) {
        List<Route> result = new ArrayList<>();
        routes.forEach((name, route) -> result.add(new Route(name,
                route.targets().stream().map(t -> new RouteTarget(t.provider(), t.model(),
                        t.timeout() == null ? null : Durations.parse("timeout", t.timeout()))).toList(),
                route.contextTokens() == null ? 16_000 : route.contextTokens(),
                route.maxOutputTokens() == null ? 1_000 : route.maxOutputTokens())));
        return result;
    }

    public AgentRuntime runtime() {
        return runtime;
    }

    /** The API's base address, for example {@code http://127.0.0.1:8080}. */
    public String baseUrl() {
        return "http://" + api.host() + ":" + api.port();
    }

    public int port() {
        return api.port();
    }

    public String defaultTenantId() {
        return defaultTenantId;
    }

    /** The admin key made at this start, when none existed before; shown once. */
    public Optional<String> newAdminKey() {
        return newAdminKey;
    }

    /**
     * Stops serving, stops runs at their next step, commits the memory index, and closes the store
     * after its last commit.
     */
    @Override
    public void close() {
        api.close();
        jobs.close();
        runtime.close();
        memory.close();
        documents.close();
        store.close();
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                // the process is stopping; a provider client or the embedder closing badly changes nothing stored
            }
        }
    }

}
