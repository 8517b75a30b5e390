/**
 * The Anthropic provider: {@link dev.cairn.models.anthropic.AnthropicProvider}, configured by an
 * {@link dev.cairn.models.anthropic.AnthropicConfig}, over the Messages API.
 *
 * <p>Decisions that may look odd but are intentional:
 * <ul>
 *   <li>The official SDK does the HTTP, the stream parsing and the stream assembly, with its
 *       retries off: the runtime retries every provider through one policy, so one call is one
 *       request.</li>
 *   <li>The transcript and the tools are written as JSON and handed to the SDK's request fields
 *       as raw values: the body is then exactly what {@code MessagesWire} says, and the
 *       recorded-traffic tests compare it field by field.</li>
 *   <li>The key is sent as an {@code x-api-key} header set on the client, not through the SDK's
 *       credential resolution, which would send it as a bearer token and also read
 *       {@code ANTHROPIC_*} variables from the environment.</li>
 *   <li>Every System message goes to the top-level {@code system}, joined by blank lines, wherever
 *       it stands in the transcript: the API has no system role.</li>
 *   <li>A request with no output limit is sent the configured {@code max-output-tokens}: the
 *       Messages API requires {@code max_tokens}.</li>
 *   <li>An Assistant message without text sends no text block, and a message with nothing in it
 *       is left out (the API refuses empty text blocks);
 *       thinking blocks in an answer, redacted or not, are not kept.</li>
 *   <li>An error event inside a stream is retryable when its type says Anthropic was overloaded,
 *       failed or rate-limited, and rejected otherwise.</li>
 * </ul>
 */
package dev.cairn.models.anthropic;
