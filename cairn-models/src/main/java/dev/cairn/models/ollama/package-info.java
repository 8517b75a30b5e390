/**
 * The Ollama provider: {@link dev.cairn.models.ollama.OllamaProvider}, configured by an
 * {@link dev.cairn.models.ollama.OllamaConfig}, over Ollama's native {@code /api/chat}.
 *
 * <p>Decisions that may look odd but are intentional:
 * <ul>
 *   <li>The JDK's HTTP client and Jackson, not a client library: the native API is one endpoint
 *       whose answers are JSON objects (one, or one per line when streaming), and Cairn needs the
 *       HTTP status, the {@code retry-after} header and the raw {@code error} text to map
 *       failures exactly as for every other provider.</li>
 *   <li>A tool call without an {@code id} (older Ollama versions send none) is named
 *       {@code call_N} by its place in the answer; tool results go back as {@code tool} messages
 *       naming the tool in {@code tool_name}, which is how Ollama matches them.</li>
 *   <li>An answer that calls tools finishes with {@code tool_calls}, though Ollama says
 *       {@code stop}: the runtime reads the finish reason the same way for every provider.</li>
 *   <li>An {@code error} object inside a stream, after Ollama answered 200, is retryable: it
 *       reports the model runner failing, not a bad request.</li>
 * </ul>
 */
package dev.cairn.models.ollama;
