package dev.cairn.server;

import dev.cairn.core.agent.Durations;
import dev.cairn.models.bedrock.BedrockConfig;
import dev.cairn.models.ollama.OllamaConfig;
import dev.cairn.server.config.ConfigLoader;
import dev.cairn.server.config.ProviderConfig;

/**
 * Turns a checked {@code providers} entry of type {@code bedrock} or {@code ollama} into its
 * provider's configuration, resolving {@code env:NAME} references. Stateless.
 */
final class ProviderFactories {

    private ProviderFactories() {
    }

    /** Bedrock: the region, the credentials when configured (else the SDK's default chain), an endpoint override. */
    static BedrockConfig bedrock(ProviderConfig provider, ConfigLoader loader) {
        BedrockConfig.Builder builder = BedrockConfig.builder(provider.name()).region(provider.region());
        if (provider.accessKeyId() != null) {
            builder.credentials(loader.resolveSecret(provider.accessKeyId()), loader.resolveSecret(provider.secretAccessKey()));
        }
        if (provider.sessionToken() != null) {
            builder.sessionToken(loader.resolveSecret(provider.sessionToken()));
        }
        if (provider.baseUrl() != null) {
            builder.baseUrl(provider.baseUrl());
        }
        if (provider.timeout() != null) {
            builder.requestTimeout(Durations.parse("providers." + provider.name() + ".timeout", provider.timeout()));
        }
        return builder.build();
    }

    /** Ollama: the server's URL (default {@code http://localhost:11434}), an optional key and region. */
    static OllamaConfig ollama(ProviderConfig provider, ConfigLoader loader) {
        OllamaConfig.Builder builder = OllamaConfig.builder(provider.name()).region(provider.region());
        String apiKey = loader.resolveSecret(provider.apiKey());
        if (apiKey != null) {
            builder.apiKey(apiKey);
        }
        if (provider.baseUrl() != null) {
            builder.baseUrl(provider.baseUrl());
        }
        if (provider.timeout() != null) {
            builder.requestTimeout(Durations.parse("providers." + provider.name() + ".timeout", provider.timeout()));
        }
        return builder.build();
    }
}
