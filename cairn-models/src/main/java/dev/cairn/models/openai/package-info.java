/**
 * The OpenAI provider: {@link dev.cairn.models.openai.OpenAiProvider}, configured by an
 * {@link dev.cairn.models.openai.OpenAiConfig}, for OpenAI and every server that speaks its
 * API, over Chat Completions or the Responses API ({@link dev.cairn.models.openai.WireApi}).
 *
 * <p>Decisions that may look odd but are intentional:
 * <ul>
 *   <li>The official SDK does the HTTP, the JSON and the stream assembly, with its retries off:
 *       the runtime retries every provider through one policy, so one call is one request.</li>
 *   <li>Chat Completions gets instructions as {@code system} messages, which every compatible
 *       server knows ({@code developer} is OpenAI's alone), and the output limit as
 *       {@code max_completion_tokens} (OpenAI's reasoning models refuse {@code max_tokens}).</li>
 *   <li>The Responses API is used statelessly, with {@code store: false}: every call carries the
 *       whole transcript, which Cairn keeps itself. Reasoning items are not kept, and function
 *       calls go back without their output-item id; the API accepts both.</li>
 *   <li>Function tools are not strict: a tool's schema need not meet strict mode's rules.</li>
 *   <li>A tool result that is an error is sent as its text: neither API has an error flag.</li>
 *   <li>A failure inside a successful answer (a failed response, an error event in a stream) is
 *       retryable when its code says the service failed or was busy, and rejected otherwise.</li>
 *   <li>A chunk that holds neither choices nor usage (moderation results) is skipped: the SDK's
 *       accumulator refuses chunks after the usage chunk, and Cairn reads nothing in it.</li>
 * </ul>
 */
package dev.cairn.models.openai;
