package dev.cairn.server.config;

/**
 * One model provider.
 *
 * @param name    how routes refer to it
 * @param type    {@code openai} (also Azure OpenAI v1, Ollama, vLLM and any OpenAI-compatible server) or {@code scripted}
 * @param baseUrl the API's base URL (openai: default https://api.openai.com/v1)
 * @param apiKey  the key, or {@code env:VARIABLE} to read it from the environment
 * @param wireApi {@code chat} (Chat Completions, default) or {@code responses}
 * @param timeout a request's time limit, like {@code 60s}
 */
public record ProviderConfig(String name, String type, String baseUrl, String apiKey, String wireApi, String timeout) {
}
