package dev.cairn.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.gateway.policy.PolicyDocument;
import dev.cairn.core.gateway.policy.PolicyDocuments;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the model-call policy of {@code cairn.yaml}: {@code policies} (the rules) and
 * {@code policy_default} ({@code allow} or {@code deny}), as {@link PolicyDocuments} describes.
 * A {@code require_provider} must name a configured provider.
 */
final class PolicyConfigReader {

    private PolicyConfigReader() {
    }

    static PolicyConfig read(JsonNode tree, List<ProviderConfig> providers, Path configFile, List<String> problems) {
        Set<String> names = providers.stream().map(ProviderConfig::name).filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
        PolicyDocument document = PolicyDocuments.read(tree.get("policies"), tree.get("policy_default"), names, problems);
        return new PolicyConfig(document, configFile == null ? "config" : "config:" + configFile.toAbsolutePath());
    }
}
