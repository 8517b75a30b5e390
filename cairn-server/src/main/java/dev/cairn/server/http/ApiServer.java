package dev.cairn.server.http;

import dev.cairn.core.gateway.ModelGateway;
import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.gateway.policy.StoredModelPolicy;
import dev.cairn.core.memory.LongTermMemory;
import dev.cairn.core.route.Router;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.secret.Secrets;
import dev.cairn.core.tool.ToolCatalog;
import dev.cairn.server.auth.ApiKeys;
import dev.cairn.server.openai.OpenAiApi;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cairn's native REST API ({@code /v1/...}, {@code /healthz}, {@code /readyz}, {@code /metrics}) and the
 * OpenAI-compatible API ({@code /openai/v1/...}, see {@link OpenAiApi})
 * on a Helidon SE web server, one virtual thread per request.
 *
 * <p>Start one with {@link #start}; it serves until {@link #close()}. Closing ends open event
 * streams, stops the server and does not close the runtime, which the caller owns. Thread-safe.
 */
public final class ApiServer implements AutoCloseable {

    /**
     * How the server listens and what it accepts.
     *
     * @param host         address to bind, for example {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port         TCP port; 0 picks a free one (see {@link ApiServer#port()})
     * @param maxBodyBytes largest request body taken; larger ones are answered with 413
     * @param keepAlive    how long an event stream may stay silent before a comment is sent
     * @param maxWait      the longest a {@code "wait": true} message holds its request open
     */
    public record Options(String host, int port, long maxBodyBytes, Duration keepAlive, Duration maxWait) {

        /** 1 MiB. */
        public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
        public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);
        public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(30);

        /** Listen on {@code host:port} with the default limits. */
        public Options(String host, int port) {
            this(host, port, DEFAULT_MAX_BODY_BYTES, DEFAULT_KEEP_ALIVE, DEFAULT_MAX_WAIT);
        }

        public Options {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("listen host must not be blank");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("listen port must be 0-65535, got " + port);
            }
            if (maxBodyBytes < 1024 || maxBodyBytes > 64L * 1024 * 1024) {
                throw new IllegalArgumentException("max body size must be 1 KiB to 64 MiB, got " + maxBodyBytes + " bytes");
            }
            requirePositive("keep-alive", keepAlive);
            requirePositive("max wait", maxWait);
        }

        /** Listen on {@code host:port} with the default limits. */
        public static Options of(String host, int port) {
            return new Options(host, port);
        }

        public Options withKeepAlive(Duration keepAlive) {
            return new Options(host, port, maxBodyBytes, keepAlive, maxWait);
        }

        public Options withMaxBodyBytes(long maxBodyBytes) {
            return new Options(host, port, maxBodyBytes, keepAlive, maxWait);
        }

        public Options withMaxWait(Duration maxWait) {
            return new Options(host, port, maxBodyBytes, keepAlive, maxWait);
        }

        private static void requirePositive(String what, Duration value) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
        }
    }

    private final WebServer server;
    private final String host;
    private final AtomicBoolean closing;

    private ApiServer(WebServer server, String host, AtomicBoolean closing) {
        this.server = server;
        this.host = host;
        this.closing = closing;
    }

    /**
     * What the API serves: the runtime and the parts beside it. Immutable.
     *
     * @param runtime          the runtime the API exposes (recovered, not closed while the server runs)
     * @param keys             checks the bearer keys of requests and issues new ones
     * @param tools            the server's tools (the catalog the runtime's executor uses), to show
     *                         agents' resolved tools
     * @param memory           the long-term memory the runtime's agents use
     * @param secrets          the tenants' secrets, which tools of the runtime resolve
     * @param documents        the document collections served under {@code /v1/collections}, or null for none
     * @param readinessDetails one line per part that may be degraded without the server being
     *                         unready (the code sandbox), read at each {@code /readyz}
     * @param modelPolicy      decides every model call of the server, and who may use stateless
     *                         pass-through of the OpenAI-compatible API; a {@link StoredModelPolicy} is
     *                         also served under {@code /v1/policies}. null: {@link ModelPolicy#DEFAULT}
     *                         (every call allowed, pass-through off)
     * @param router           the routes the OpenAI-compatible API may name as models and call for
     *                         pass-through, or null for none
     * @param gateway          admits and settles pass-through calls; null: {@link ModelGateway#OPEN}
     */
    public record Services(AgentRuntime runtime, ApiKeys keys, ToolCatalog tools, LongTermMemory memory, Secrets secrets,
                           dev.cairn.documents.DocumentLibrary documents,
                           java.util.Map<String, java.util.function.Supplier<String>> readinessDetails,
                           ModelPolicy modelPolicy, Router router, ModelGateway gateway) {

        public Services {
            Objects.requireNonNull(runtime, "runtime");
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(tools, "tools");
            Objects.requireNonNull(memory, "memory");
            Objects.requireNonNull(secrets, "secrets");
            readinessDetails = readinessDetails == null ? java.util.Map.of() : java.util.Map.copyOf(readinessDetails);
            modelPolicy = modelPolicy == null ? ModelPolicy.DEFAULT : modelPolicy;
            gateway = gateway == null ? ModelGateway.OPEN : gateway;
        }

        /** The services with documents and readiness details, and the default model policy. */
        public Services(AgentRuntime runtime, ApiKeys keys, ToolCatalog tools, LongTermMemory memory, Secrets secrets,
                        dev.cairn.documents.DocumentLibrary documents,
                        java.util.Map<String, java.util.function.Supplier<String>> readinessDetails) {
            this(runtime, keys, tools, memory, secrets, documents, readinessDetails, null, null, null);
        }

        /** The services with no readiness details. */
        public Services(AgentRuntime runtime, ApiKeys keys, ToolCatalog tools, LongTermMemory memory, Secrets secrets) {
            this(runtime, keys, tools, memory, secrets, null, java.util.Map.of(), null, null, null);
        }

        public Services withReadinessDetails(java.util.Map<String, java.util.function.Supplier<String>> details) {
            return new Services(runtime, keys, tools, memory, secrets, documents, details, modelPolicy, router, gateway);
        }

        public Services withDocuments(dev.cairn.documents.DocumentLibrary library) {
            return new Services(runtime, keys, tools, memory, secrets, library, readinessDetails, modelPolicy, router,
                    gateway);
        }

        /** These services with {@code policy} deciding stateless pass-through. */
        public Services withModelPolicy(ModelPolicy policy) {
            return new Services(runtime, keys, tools, memory, secrets, documents, readinessDetails, policy, router, gateway);
        }

        /** These services with the routes and the gateway the OpenAI-compatible API calls through. */
        public Services withModels(Router routes, ModelGateway modelGateway) {
            return new Services(runtime, keys, tools, memory, secrets, documents, readinessDetails, modelPolicy, routes,
                    modelGateway);
        }
    }

    /**
     * Starts serving.
     *
     * @param options  how to listen
     * @param services what to serve
     * @return the running server
     * @throws java.io.UncheckedIOException when the address cannot be bound
     */
    public static ApiServer start(Options options, Services services) {
        Objects.requireNonNull(options, "options");
        AgentRuntime runtime = services.runtime();
        ApiKeys keys = services.keys();
        ToolCatalog tools = services.tools();
        LongTermMemory memory = services.memory();
        Secrets secrets = services.secrets();
        java.util.Map<String, java.util.function.Supplier<String>> readinessDetails = services.readinessDetails();
        AtomicBoolean closing = new AtomicBoolean();
        ApiMetrics metrics = new ApiMetrics();
        runtime.store().events().addListener(metrics::appended);

        ApiRouter router = new ApiRouter(options.maxBodyBytes());
        new OpsEndpoints(runtime.store(), metrics, readinessDetails).register(router);
        new AgentEndpoints(runtime, tools).register(router);
        new TransferEndpoints(runtime).register(router); // before SessionEndpoints: see its Javadoc
        new SessionEndpoints(runtime, options.maxWait()).register(router);
        new MemoryBlockEndpoints(runtime).register(router);
        new EventEndpoints(runtime, new EventStreamer(runtime, options.keepAlive(), closing, metrics)).register(router);
        new RunEndpoints(runtime).register(router);
        new ApprovalEndpoints(runtime).register(router);
        new MemoryEndpoints(memory).register(router);
        new AdminEndpoints(keys, runtime.store().tenants()).register(router);
        new SecretEndpoints(secrets).register(router);
        new LedgerEndpoints(runtime.store().ledger()).register(router);
        if (services.documents() != null) {
            new DocumentEndpoints(services.documents()).register(router);
        }
        if (services.modelPolicy() instanceof StoredModelPolicy stored) {
            new PolicyEndpoints(stored).register(router);
        }

        HttpRouting.Builder routing = HttpRouting.builder().addFilter(new ApiFilter(keys, metrics, OpsEndpoints.PUBLIC_PATHS));
        OpenAiApi.register(routing, new OpenAiApi.Settings(runtime, services.modelPolicy(), services.router(),
                services.gateway(), options.maxBodyBytes(), options.maxWait(), options.keepAlive(), closing, java.time.Clock.systemUTC()));
        router.registerInto(routing);
        WebServer server = WebServer.builder()
                .host(options.host())
                .port(options.port())
                .shutdownHook(false)
                .routing(routing)
                .build()
                .start();
        return new ApiServer(server, options.host(), closing);
    }

    /** The address the server was asked to listen on. */
    public String host() {
        return host;
    }

    /** The port the server listens on (the one picked, when started with port 0). */
    public int port() {
        return server.port();
    }

    /** Ends open event streams and stops the server. Idempotent. */
    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            server.stop();
        }
    }
}
