package dev.cairn.models.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.Timeout;
import com.openai.errors.OpenAIException;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.StreamListener;
import java.time.Clock;
import java.util.Objects;

/**
 * A {@link ChatProvider} for OpenAI and every server that speaks its API (Azure OpenAI v1,
 * Ollama, vLLM, ...), over Chat Completions or the Responses API, through the official
 * {@code openai-java} SDK.
 *
 * <p>A call streams (server-sent events, text passed to the listener as it arrives) when the
 * caller passes a listener other than {@link StreamListener#NONE} or the configuration says
 * {@code stream}; either way it returns the same complete {@link ChatResponse}.
 *
 * <p>The SDK's own retries are off: the runtime retries every provider through one policy, so
 * this class makes exactly one HTTP request per call and reports failures precisely (see
 * {@link #chat}). Messages never contain the API key.
 *
 * <p>Thread-safe: one instance serves every session. {@link #close()} releases the HTTP
 * connections; the provider must not be called after it.
 */
public final class OpenAiProvider implements ChatProvider, AutoCloseable {

    private final OpenAiConfig config;
    private final OpenAIClient client;
    private final OpenAiFailures failures;
    private final Wire wire;

    private OpenAiProvider(OpenAiConfig config, Clock clock) {
        this.config = config;
        this.client = client(config);
        this.failures = new OpenAiFailures(config, clock);
        this.wire = switch (config.wireApi()) {
            case CHAT -> new ChatCompletionsWire(client, failures);
            case RESPONSES -> new ResponsesWire(client, failures);
        };
    }

    private static OpenAIClient client(OpenAiConfig config) {
        OpenAIOkHttpClient.Builder client = OpenAIOkHttpClient.builder()
                .baseUrl(config.baseUrl().toString())
                .maxRetries(0)
                .timeout(Timeout.builder().connect(config.requestTimeout()).read(config.requestTimeout())
                        .write(config.requestTimeout()).request(config.requestTimeout()).build());
        if (config.apiKey().isEmpty()) {
            // A local server that needs no key: the SDK insists on one, so it gets a stand-in
            // that never leaves this process.
            client.apiKey("no-key").addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                    .removeHeader("Authorization").removeHeader("api-key").build()));
        } else {
            client.apiKey(config.apiKey());
        }
        return client.build();
    }

    /** A provider for the configured endpoint. Opens no connection until the first call. */
    public static OpenAiProvider create(OpenAiConfig config) {
        return create(config, Clock.systemUTC());
    }

    /** As {@link #create(OpenAiConfig)}, measuring an HTTP-date {@code Retry-After} from {@code clock}. */
    static OpenAiProvider create(OpenAiConfig config, Clock clock) {
        return new OpenAiProvider(Objects.requireNonNull(config, "config"), Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public String name() {
        return config.name();
    }

    /** The configured region, or an empty string. */
    @Override
    public String region() {
        return config.region();
    }

    /** The host of the configured base URL. */
    @Override
    public String endpointHost() {
        return config.baseUrl().getHost();
    }

    /** The configuration this provider was made from. */
    public OpenAiConfig config() {
        return config;
    }

    /**
     * Sends one request and returns the complete answer.
     *
     * @throws dev.cairn.core.model.RetryableProviderException for 429, 408, 409 and 5xx (with the
     *         provider's {@code Retry-After}, when it sent one), a refused connection, a timeout,
     *         or a failure the provider reported inside its answer as temporary
     * @throws dev.cairn.core.model.ProviderAuthException      for 401 and 403
     * @throws dev.cairn.core.model.ProviderRejectedException  for any other 4xx, with the
     *         provider's error message, and for an answer that is not an OpenAI answer
     * @throws dev.cairn.core.InvalidRequestException          when a tool's input schema is not a JSON object
     */
    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        Objects.requireNonNull(request, "request");
        StreamListener receiver = listener == null ? StreamListener.NONE : listener;
        boolean stream = config.stream() || receiver != StreamListener.NONE;
        try {
            return wire.call(request, receiver, stream);
        } catch (OpenAIException failure) {
            throw failures.map(failure);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "OpenAiProvider[" + config + "]";
    }
}
