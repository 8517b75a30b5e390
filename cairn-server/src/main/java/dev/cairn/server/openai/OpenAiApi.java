package dev.cairn.server.openai;

import dev.cairn.core.gateway.ModelGateway;
import dev.cairn.core.gateway.ModelPolicy;
import dev.cairn.core.route.Router;
import dev.cairn.core.runtime.AgentRuntime;
import dev.cairn.core.store.Role;
import dev.cairn.server.auth.Principal;
import dev.cairn.server.auth.UnauthorizedException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible API under {@value #PREFIX}: stored responses and conversations over Cairn's
 * sessions and runs, and stateless pass-through ({@code /chat/completions}, and {@code /responses}
 * with {@code store: false}) when the model policy allows it. Requests carry a Cairn API key as the
 * bearer token (any role); every object is the key's tenant's. Errors take OpenAI's shape,
 * {@code {"error": {"message", "type", "param", "code"}}}.
 *
 * <p>Register it on a routing with {@link #register} before any catch-all route. Thread-safe.
 */
public final class OpenAiApi {

    /** Where the API is served. */
    public static final String PREFIX = "/openai/v1";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiApi.class);

    /**
     * What the API needs.
     *
     * @param runtime      the runtime that keeps sessions and runs them
     * @param policy       decides who may use stateless pass-through
     * @param router       the routes responses and pass-through call; null: only agents can be named
     * @param gateway      admits and settles pass-through calls
     * @param maxBodyBytes the largest request body taken
     * @param maxWait      how long a response that is not streamed may wait for its run
     * @param keepAlive    how long a response stream may stay silent before a comment is sent
     * @param closing      set when the server closes, to end open streams
     * @param clock        the time responses show
     */
    public record Settings(AgentRuntime runtime, ModelPolicy policy, Router router, ModelGateway gateway,
                           long maxBodyBytes, Duration maxWait, Duration keepAlive, AtomicBoolean closing, Clock clock) {
        public Settings {
            Objects.requireNonNull(runtime, "runtime");
            policy = policy == null ? ModelPolicy.DEFAULT : policy;
            gateway = gateway == null ? ModelGateway.OPEN : gateway;
            Objects.requireNonNull(maxWait, "maxWait");
            Objects.requireNonNull(keepAlive, "keepAlive");
            Objects.requireNonNull(closing, "closing");
            Objects.requireNonNull(clock, "clock");
        }
    }

    @FunctionalInterface
    private interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    private OpenAiApi() {
    }

    /** True for the paths this API answers (and answers errors of in its own shape). */
    public static boolean covers(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /** Registers every endpoint, and a 404/405 in OpenAI's shape for any other path under {@link #PREFIX}. */
    public static void register(HttpRouting.Builder routing, Settings settings) {
        AgentRuntime runtime = settings.runtime();
        ResponseAgents agents = new ResponseAgents(runtime,
                () -> settings.router() == null ? Set.of() : settings.router().routeNames());
        ResponseLog log = new ResponseLog(runtime);
        ResponseService service = new ResponseService(runtime, agents, log);
        PassThrough passThrough = new PassThrough(settings.policy(), settings.router(), settings.gateway(), settings.clock());
        ResponseEndpoints responses = new ResponseEndpoints(runtime, service, log,
                new ResponseStreamer(runtime, settings.keepAlive(), settings.closing()), passThrough, settings.maxWait(), settings.clock());
        ConversationEndpoints conversations = new ConversationEndpoints(runtime, agents, service);
        ChatCompletions chat = new ChatCompletions(passThrough, settings.clock());

        Map<String, Map<Method, Handler>> routes = new LinkedHashMap<>();
        add(routes, Method.POST, "/responses", responses::create);
        add(routes, Method.GET, "/responses/{id}", responses::read);
        add(routes, Method.POST, "/conversations", conversations::create);
        add(routes, Method.GET, "/conversations/{id}", conversations::read);
        add(routes, Method.GET, "/conversations/{id}/items", conversations::listItems);
        add(routes, Method.POST, "/conversations/{id}/items", conversations::addItems);
        add(routes, Method.POST, "/chat/completions", chat::handle);
        routes.forEach((path, methods) -> {
            methods.forEach((method, handler) -> routing.route(method, PREFIX + path,
                    (request, response) -> {
                        try {
                            Principal principal = request.context().get(Principal.class).orElseThrow(() ->
                                    new UnauthorizedException("an API key is required: send 'Authorization: Bearer KEY'"));
                            principal.require(Role.USER, method.text() + " " + PREFIX + path);
                            handler.handle(new Exchange(request, response, principal, settings.maxBodyBytes()));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            fail(response, new OpenAiError(503, "server_error", "the server is shutting down", null, null));
                        } catch (Exception e) {
                            fail(response, e);
                        }
                    }));
            String allowed = String.join(", ", methods.keySet().stream().map(Method::text).toList());
            routing.any(PREFIX + path, (request, response) -> {
                response.header(HeaderNames.ALLOW, allowed);
                fail(response, new OpenAiError(405, OpenAiError.INVALID_REQUEST, request.prologue().method().text()
                        + " is not allowed on " + PREFIX + path + " (allowed: " + allowed + ")", null, "method_not_allowed"));
            });
        });
        routing.any(PREFIX + "/*", (request, response) -> fail(response, OpenAiError.notFound("Invalid URL ("
                + request.prologue().method().text() + " " + request.path().path() + ")", null)));
    }

    private static void add(Map<String, Map<Method, Handler>> routes, Method method, String path, Handler handler) {
        routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, handler);
    }

    /** Answers a failure in OpenAI's error shape, unless the response was already sent. */
    public static void fail(ServerResponse response, Throwable failure) {
        OpenAiErrors.Failure error = OpenAiErrors.of(failure);
        if (response.isSent()) {
            LOG.debug("could not answer {} after the response was sent", error.type(), failure);
            return;
        }
        if (error.status() == 401) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"cairn\"");
        }
        Exchange.send(response, error.status(), error.body());
    }
}
