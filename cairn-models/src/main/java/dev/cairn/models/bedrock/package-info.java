/**
 * The Amazon Bedrock provider: {@link dev.cairn.models.bedrock.BedrockProvider}, configured by a
 * {@link dev.cairn.models.bedrock.BedrockConfig}, over the Converse API.
 *
 * <p>Decisions that may look odd but are intentional:
 * <ul>
 *   <li>Two SDK clients: {@code Converse} over a synchronous client on the JDK's
 *       {@code HttpURLConnection}, and {@code ConverseStream} over Netty, because the SDK offers
 *       event streams only on its asynchronous client and Netty is its smallest asynchronous
 *       HTTP client (the CRT client's native library is about five times the size).</li>
 *   <li>The SDK's retries are off: the runtime retries every provider through one policy, so one
 *       call is one request.</li>
 *   <li>Stream events are handed from the SDK's threads to the calling thread through a queue,
 *       so the listener runs where the caller does and a slow listener never holds an SDK thread.</li>
 *   <li>Consecutive messages of one role are joined into one message and empty text is left out:
 *       Converse requires the roles to alternate and refuses blank text blocks. An empty tool
 *       result is sent as {@code (no output)} for the same reason.</li>
 *   <li>An error event inside a stream (throttling, an overloaded or failing model) is retryable;
 *       a validation error is rejected. A stream that ends without {@code messageStop} was cut
 *       short and is retryable.</li>
 *   <li>Reasoning blocks in an answer are not kept, as with the Anthropic provider.</li>
 * </ul>
 */
package dev.cairn.models.bedrock;
