package dev.cairn.server.config;

/**
 * One model provider.
 *
 * @param name            how routes refer to it
 * @param type            {@code openai} (also Azure OpenAI v1, vLLM and any OpenAI-compatible server),
 *                        {@code anthropic}, {@code bedrock}, {@code ollama} or {@code scripted}
 * @param baseUrl         the API's base URL (openai: default https://api.openai.com/v1; ollama: default
 *                        http://localhost:11434; bedrock: an endpoint that replaces the region's own)
 * @param apiKey          the key, or {@code env:VARIABLE} to read it from the environment
 * @param wireApi         {@code chat} (Chat Completions, default) or {@code responses}
 * @param timeout         a request's time limit, like {@code 60s}
 * @param region          where the provider serves calls from, for region policies (bedrock: the AWS
 *                        region, required)
 * @param accessKeyId     bedrock: the AWS access key id, or {@code env:VARIABLE}; absent for the SDK's
 *                        default credential chain
 * @param secretAccessKey bedrock: the AWS secret access key, or {@code env:VARIABLE}
 * @param sessionToken    bedrock: the session token of temporary credentials, or {@code env:VARIABLE}
 */
public record ProviderConfig(String name, String type, String baseUrl, String apiKey, String wireApi, String timeout,
                             String region, String accessKeyId, String secretAccessKey, String sessionToken) {

    /** A provider without a region or AWS credentials. */
    public ProviderConfig(String name, String type, String baseUrl, String apiKey, String wireApi, String timeout) {
        this(name, type, baseUrl, apiKey, wireApi, timeout, null, null, null, null);
    }
}
