package dev.cairn.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the key that seals secrets comes from ({@code secrets} in {@code cairn.yaml}). Immutable;
 * {@link #toString()} never shows the key.
 *
 * <pre>
 * secrets:
 *   key: env:MY_SECRETS_KEY         # base64 of 32 bytes; CAIRN_SECRETS_KEY wins
 *   key_file: ./cairn-data/secrets.key   # used when no key is given (default DATA/secrets.key)
 * </pre>
 *
 * @param key     the key as base64 text, or null to use the key file
 * @param keyName where {@code key} came from ({@code CAIRN_SECRETS_KEY} or {@code env:NAME}), for messages
 * @param keyFile the key file, made (mode 0600) on first start when there is no key
 */
public record SecretsConfig(String key, String keyName, Path keyFile) {

    static final String ENVIRONMENT = "CAIRN_SECRETS_KEY";

    /** Secrets sealed with the key file {@code DATA/secrets.key}, made on first start. */
    static SecretsConfig keyFileIn(Path dataDir) {
        return new SecretsConfig(null, null, dataDir.resolve("secrets.key"));
    }

    /** Reads {@code secrets}: the key from CAIRN_SECRETS_KEY, or {@code key: env:NAME}, else the key file. */
    static SecretsConfig read(JsonNode node, Map<String, String> environment, Path dataDir, List<String> problems) {
        Path keyFile = dataDir.resolve("secrets.key");
        String key = null;
        String keyName = null;
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                problems.add("secrets must be an object {key?: env:NAME, key_file?: PATH}");
                return new SecretsConfig(null, null, keyFile);
            }
            node.fieldNames().forEachRemaining(name -> {
                if (!name.equals("key") && !name.equals("key_file")) {
                    problems.add("secrets." + name + " is not a known key (known: key, key_file)");
                }
            });
            if (node.hasNonNull("key_file")) {
                keyFile = Path.of(node.get("key_file").asText());
            }
            if (node.hasNonNull("key")) {
                String text = node.get("key").asText();
                if (!text.startsWith("env:")) {
                    problems.add("secrets.key must be env:NAME (the key itself does not belong in cairn.yaml)");
                } else {
                    keyName = text;
                    key = environment.get(text.substring(4));
                    if (key == null || key.isBlank()) {
                        problems.add("secrets.key names " + text.substring(4) + ", which is not set");
                    }
                }
            }
        }
        String fromEnvironment = environment.get(ENVIRONMENT);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new SecretsConfig(fromEnvironment, ENVIRONMENT, keyFile);
        }
        return new SecretsConfig(key, keyName, keyFile);
    }

    @Override
    public String toString() {
        return "SecretsConfig[" + (key == null ? "key file " + keyFile : "key from " + keyName) + "]";
    }
}
