package dev.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsAndEgressConfigTest {

    @TempDir
    Path folder;

    private CairnConfig load(String yaml, Map<String, String> environment) throws Exception {
        Path file = folder.resolve("cairn.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.create(environment).load(new ConfigLoader.Overrides(file, null, folder.resolve("data"), null));
    }

    @Test
    void withoutEgressNoHostIsAllowedAndTheKeyFileIsInTheDataFolder() throws Exception {
        CairnConfig config = load("{}", Map.of());

        assertThat(config.egress()).isEqualTo(EgressConfig.NONE);
        assertThat(config.egress().allowlist().refusal("default", URI.create("http://127.0.0.1/"))).isPresent();
        assertThat(config.secrets()).isEqualTo(new SecretsConfig(null, null, folder.resolve("data/secrets.key")));
    }

    @Test
    void egressListsADefaultAndTenantsOwnLists() throws Exception {
        CairnConfig config = load("""
                egress:
                  default: [api.example.com, "*.stripe.com"]
                  tenants: {acme: [billing.internal], locked: []}
                """, Map.of());

        assertThat(config.egress().defaultHosts()).containsExactly("api.example.com", "*.stripe.com");
        assertThat(config.egress().allowlist().hosts("acme")).containsExactly("billing.internal");
        assertThat(config.egress().allowlist().hosts("locked")).isEmpty();
        assertThat(config.egress().allowlist().hosts("other")).containsExactly("api.example.com", "*.stripe.com");
        CairnConfig fromEnvironment = load("egress: {default: [api.example.com]}",
                Map.of("CAIRN_EGRESS_DEFAULT", "127.0.0.1, ::1"));
        assertThat(fromEnvironment.egress().defaultHosts()).containsExactly("127.0.0.1", "::1");
    }

    @Test
    void badEgressAndSecretsKeysAreAllNamed() {
        assertThatThrownBy(() -> load("""
                egress: {default: ["https://x.com", 7], tenant: {}, tenants: {acme: "x.com"}}
                secrets: {key: "c2VjcmV0", path: x}
                """, Map.of("CAIRN_EGRESS_DEFAULT", "127.1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("egress.default: 'https://x.com' is not a host name")
                .hasMessageContaining("egress.default must list hosts as strings, got 7")
                .hasMessageContaining("egress.tenant is not a known key")
                .hasMessageContaining("egress.tenants.acme must be a list of hosts")
                .hasMessageContaining("CAIRN_EGRESS_DEFAULT: host '127.1' is not a canonical IP address")
                .hasMessageContaining("secrets.key must be env:NAME")
                .hasMessageContaining("secrets.path is not a known key")
                .hasMessageNotContaining("c2VjcmV0");
        assertThatThrownBy(() -> load("secrets: {key: env:MISSING_KEY}", Map.of()))
                .hasMessageContaining("secrets.key names MISSING_KEY, which is not set");
    }

    @Test
    void theKeyComesFromTheEnvironmentFirstAndIsNeverShown() throws Exception {
        CairnConfig named = load("secrets: {key: env:MY_KEY, key_file: /srv/cairn/key}", Map.of("MY_KEY", "a2V5"));
        CairnConfig environment = load("secrets: {key: env:MY_KEY}", Map.of("MY_KEY", "a2V5", "CAIRN_SECRETS_KEY", "ZW52"));

        assertThat(named.secrets()).isEqualTo(new SecretsConfig("a2V5", "env:MY_KEY", Path.of("/srv/cairn/key")));
        assertThat(environment.secrets().key()).isEqualTo("ZW52");
        assertThat(environment.secrets().keyName()).isEqualTo("CAIRN_SECRETS_KEY");
        assertThat(environment.toString()).doesNotContain("ZW52").contains("key from CAIRN_SECRETS_KEY");
        assertThat(List.of(named.secrets().toString())).noneMatch(text -> text.contains("a2V5"));
    }
}
