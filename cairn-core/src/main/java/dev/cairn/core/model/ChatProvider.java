package dev.cairn.core.model;

/**
 * A stateless model endpoint. Implementations translate {@link ChatRequest} to the provider's
 * wire format and back, and map failures through {@link ProviderErrors}.
 *
 * <p>Implementations are thread-safe: one instance serves every session. A call blocks the
 * calling (virtual) thread until the answer is complete.
 */
public interface ChatProvider {

    /** The provider's configured name, as routes refer to it. */
    String name();

    /**
     * Sends one request and returns the complete answer, passing text to {@code listener} as it arrives.
     *
     * @throws RetryableProviderException when the same call may succeed later (429, 5xx, timeouts)
     * @throws ProviderException          for every other failure (401/403, invalid request)
     */
    ChatResponse chat(ChatRequest request, StreamListener listener);

    /** The region the provider serves calls from (for {@code require_region} policies), or an empty string. */
    default String region() {
        return "";
    }

    /** The host calls are sent to, as the ledger records it, or an empty string for an in-process provider. */
    default String endpointHost() {
        return "";
    }
}
