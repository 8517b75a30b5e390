package dev.cairn.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.model.ChatProvider;
import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.Message;
import dev.cairn.core.model.RetryableProviderException;
import dev.cairn.core.model.StreamListener;
import dev.cairn.models.bedrock.BedrockConfig;
import dev.cairn.models.bedrock.BedrockProvider;
import dev.cairn.models.ollama.OllamaConfig;
import dev.cairn.models.ollama.OllamaProvider;
import dev.cairn.testing.wire.WireReplayServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The runtime bounds an attempt (step timeout, a target's own timeout) by interrupting the
 * calling virtual thread: a provider blocked on a server that never answers must then give up
 * at once with a retryable failure, not when its own, longer, timeout ends.
 */
class InterruptedCallTest {

    private static final ChatRequest REQUEST = new ChatRequest("model", List.of(new Message.User("hello")), List.of(), 0);

    @Test
    void bedrockGivesUpWhenInterruptedWhetherStreamingOrNot() throws Exception {
        Function<URI, ChatProvider> bedrock = url -> BedrockProvider.create(BedrockConfig.builder("bedrock").region("us-east-1")
                .credentials("AKIDEXAMPLE", "secret").baseUrl(url).build());
        assertGivesUpWhenInterrupted(bedrock, StreamListener.NONE);
        assertGivesUpWhenInterrupted(bedrock, delta -> { });
    }

    @Test
    void ollamaGivesUpWhenInterruptedWhetherStreamingOrNot() throws Exception {
        Function<URI, ChatProvider> ollama = url -> OllamaProvider.create(OllamaConfig.builder("ollama").baseUrl(url).build());
        assertGivesUpWhenInterrupted(ollama, StreamListener.NONE);
        assertGivesUpWhenInterrupted(ollama, delta -> { });
    }

    private static void assertGivesUpWhenInterrupted(Function<URI, ChatProvider> open, StreamListener listener) throws Exception {
        try (WireReplayServer server = WireReplayServer.silent()) {
            ChatProvider provider = open.apply(server.url(""));
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    provider.chat(REQUEST, listener);
                    outcome.complete(null);
                } catch (RuntimeException failure) {
                    outcome.complete(failure);
                }
            });
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.received().isEmpty() && System.nanoTime() < waitUntil) {
                Thread.onSpinWait();
            }
            assertThat(server.received()).as("the request reached the server").hasSize(1);

            caller.interrupt();

            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(RetryableProviderException.class);
            ((AutoCloseable) provider).close();
        }
    }
}
