package dev.cairn.models.openai;

import dev.cairn.core.model.ChatRequest;
import dev.cairn.core.model.ChatResponse;
import dev.cairn.core.model.StreamListener;

/**
 * One of OpenAI's chat APIs, spoken through the official SDK. Implementations translate only;
 * SDK exceptions pass through for {@link OpenAiFailures} to map. Thread-safe.
 */
interface Wire {

    /**
     * Sends one request and reads the whole answer.
     *
     * @param stream whether to ask for server-sent events, passing text to {@code listener} as it arrives
     */
    ChatResponse call(ChatRequest request, StreamListener listener, boolean stream);
}
