package dev.cairn.models.bedrock;

import dev.cairn.core.json.Json;
import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.ProviderErrors;
import dev.cairn.core.model.StreamListener;
import dev.cairn.core.model.ToolCall;
import dev.cairn.core.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/**
 * A {@link ChatProvider} for Amazon Bedrock's Converse API, through the official AWS SDK for
 * Java v2: {@code Converse} over a synchronous client when the caller passes
 * {@link StreamListener#NONE}, {@code ConverseStream} (text passed to the listener as it
 * arrives, tool input assembled from its deltas) otherwise; either way the same complete
 * {@link ChatResponse}.
 *
 * <p>Requests are signed with SigV4 for the configured region, with the configured credentials
 * or the SDK's default chain. The SDK's retries are off: the runtime retries every provider
 * through one policy, so one call is one HTTP request. Messages never contain a credential.
 * The listener is called on the calling thread.
 *
 * <p>Thread-safe: one instance serves every session. {@link #close()} releases the HTTP
 * connections and threads; the provider must not be called after it.
 */
public final class BedrockProvider implements ChatProvider, AutoCloseable {

    private final BedrockConfig config;
    private final BedrockRuntimeClient client;
    private final BedrockRuntimeAsyncClient streamingClient;
    private final BedrockFailures failures;
    private final AwsCredentialsProvider credentials;

    private BedrockProvider(BedrockConfig config) {
        this.config = config;
        this.failures = new BedrockFailures(config);
        this.credentials = credentials(config);
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(config.requestTimeout())
                .build();
        var sync = BedrockRuntimeClient.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(config.requestTimeout()).socketTimeout(config.requestTimeout()).build());
        // Converse streams over HTTP/1.1; only the bidirectional operations need HTTP/2.
        var async = BedrockRuntimeAsyncClient.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides)
                .httpClient(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1)
                        .connectionTimeout(config.requestTimeout()).readTimeout(config.requestTimeout()).build());
        if (config.baseUrl() != null) {
            sync.endpointOverride(config.baseUrl());
            async.endpointOverride(config.baseUrl());
        }
        this.client = sync.build();
        this.streamingClient = async.build();
    }

    private static AwsCredentialsProvider credentials(BedrockConfig config) {
        if (!config.hasStaticCredentials()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(config.sessionToken().isEmpty()
                ? AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey())
                : AwsSessionCredentials.create(config.accessKeyId(), config.secretAccessKey(), config.sessionToken()));
    }

    /** A provider for the configured region. Opens no connection until the first call. */
    public static BedrockProvider create(BedrockConfig config) {
        return new BedrockProvider(Objects.requireNonNull(config, "config"));
    }

    @Override
    public String name() {
        return config.name();
    }

    /** The configured AWS region. */
    @Override
    public String region() {
        return config.region();
    }

    /** The regional Bedrock runtime host, or the endpoint override's host. */
    @Override
    public String endpointHost() {
        return config.endpointHost();
    }

    /** The configuration this provider was made from. */
    public BedrockConfig config() {
        return config;
    }

    /**
     * Sends one Converse (or ConverseStream) request and returns the complete answer.
     *
     * @throws dev.cairn.core.model.RetryableProviderException for throttling, 5xx, an overloaded
     *         or failing stream, a refused connection or a timeout
     * @throws dev.cairn.core.model.ProviderAuthException      for 401 and 403
     * @throws dev.cairn.core.model.ProviderRejectedException  for any other 4xx, with Bedrock's message
     * @throws dev.cairn.core.InvalidRequestException          when a tool's schema or a call's arguments are not a JSON object
     */
    @Override
    public ChatResponse chat(ChatRequest request, StreamListener listener) {
        Objects.requireNonNull(request, "request");
        StreamListener receiver = listener == null ? StreamListener.NONE : listener;
        if (receiver == StreamListener.NONE) {
            ConverseResponse answer;
            try {
                answer = client.converse(ConverseWire.converse(request));
            } catch (SdkException failure) {
                throw failures.map(failure);
            }
            return response(request, answer);
        }
        return stream(request, receiver);
    }

    private static ChatResponse response(ChatRequest request, ConverseResponse answer) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        if (answer.output() != null && answer.output().message() != null) {
            for (ContentBlock block : answer.output().message().content()) {
                if (block.text() != null) {
                    text.append(block.text());
                } else if (block.toolUse() != null) {
                    calls.add(new ToolCall(block.toolUse().toolUseId(), block.toolUse().name(),
                            Json.write(Documents.toJson(block.toolUse().input()))));
                }
            }
        }
        Usage usage = answer.usage() == null ? Usage.ZERO
                : new Usage(orZero(answer.usage().inputTokens()), orZero(answer.usage().outputTokens()));
        return new ChatResponse(new Message.Assistant(text.toString(), calls), usage, finishReason(answer.stopReason()), request.model());
    }

    private ChatResponse stream(ChatRequest request, StreamListener listener) {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        Object end = new Object();
        ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
                .subscriber(events::add)
                .onError(events::add)
                .onComplete(() -> events.add(end))
                .build();
        CompletableFuture<Void> call;
        try {
            call = streamingClient.converseStream(ConverseWire.converseStream(request), handler);
        } catch (SdkException failure) {
            throw failures.map(failure);
        }
        call.whenComplete((ignored, failure) -> events.add(failure == null ? end : failure));
        StreamAssembly assembly = new StreamAssembly();
        long deadline = System.nanoTime() + config.requestTimeout().toNanos();
        try {
            for (Object event = next(events, deadline); event != end; event = next(events, deadline)) {
                if (event instanceof Throwable failure) {
                    throw failures.map(failure);
                }
                String text = assembly.accept((ConverseStreamOutput) event);
                if (!text.isEmpty()) {
                    listener.onTextDelta(text);
                }
            }
        } finally {
            call.cancel(true);
        }
        if (!assembly.complete()) {
            throw ProviderErrors.unreachable(config.name(), "the answer's stream ended before Bedrock said it was complete", null);
        }
        return new ChatResponse(new Message.Assistant(assembly.text(), assembly.toolCalls()), assembly.usage(),
                finishReason(assembly.stopReason()), request.model());
    }

    private Object next(BlockingQueue<Object> events, long deadline) {
        try {
            Object event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw ProviderErrors.unreachable(config.name(), "no complete answer from Bedrock within " + config.requestTimeout(), null);
            }
            return event;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw ProviderErrors.unreachable(config.name(), "the call was interrupted before Bedrock answered", interrupted);
        }
    }

    /** Bedrock's stop reason in Cairn's words: {@code stop}, {@code tool_calls} or {@code length}. */
    static String finishReason(StopReason reason) {
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case END_TURN, STOP_SEQUENCE -> "stop";
            case TOOL_USE -> "tool_calls";
            case MAX_TOKENS, MODEL_CONTEXT_WINDOW_EXCEEDED -> "length";
            case GUARDRAIL_INTERVENED, CONTENT_FILTERED -> "content_filter";
            default -> reason.toString();
        };
    }

    private static long orZero(Integer tokens) {
        return tokens == null ? 0 : tokens;
    }

    @Override
    public void close() {
        client.close();
        streamingClient.close();
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // the default chain holds no resource whose release can fail usefully here
            }
        }
    }

    @Override
    public String toString() {
        return "BedrockProvider[" + config + "]";
    }
}
