package dev.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.tools.sql.SqlSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesConfigTest {

    @TempDir
    Path folder;

    private CairnConfig load(String yaml, Map<String, String> environment) throws Exception {
        Path file = folder.resolve("cairn.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.create(environment).load(new ConfigLoader.Overrides(file, null, null, null));
    }

    @Test
    void dataSourcesAreReadWithTheirLimitsAndPasswordsFromTheEnvironment() throws Exception {
        CairnConfig config = load("""
                data_sources:
                  crm: {url: "jdbc:postgresql://127.0.0.1:5432/crm", user: reader, password: "env:CRM_PASSWORD",
                        max_rows: 50, max_bytes: 256KiB, timeout: 3s}
                  shop: {url: "jdbc:mariadb://127.0.0.1:3306/shop", user: root}
                  local: {url: "jdbc:sqlite:/srv/data/local.db"}
                """, Map.of("CRM_PASSWORD", "s3cret-from-env"));
        SqlSource crm = config.dataSources().get("crm");
        assertThat(crm.password()).isEqualTo("s3cret-from-env");
        assertThat(crm.maxRows()).isEqualTo(50);
        assertThat(crm.maxBytes()).isEqualTo(256 * 1024);
        assertThat(crm.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(crm.toString()).doesNotContain("s3cret-from-env");
        SqlSource shop = config.dataSources().get("shop");
        assertThat(shop.maxRows()).isEqualTo(SqlSource.DEFAULT_MAX_ROWS);
        assertThat(shop.maxBytes()).isEqualTo(SqlSource.DEFAULT_MAX_BYTES);
        assertThat(shop.timeout()).isEqualTo(SqlSource.DEFAULT_TIMEOUT);
        assertThat(config.dataSources()).containsOnlyKeys("crm", "shop", "local");
    }

    @Test
    void everyBadDataSourceValueIsNamed() {
        assertThatThrownBy(() -> load("""
                data_sources:
                  crm: {url: "jdbc:oracle:thin:@db:1521/crm", max_rows: 0, max_bytes: lots, timeout: soon, pool: 3,
                        password: "env:MISSING"}
                  Bad-Name: {url: "jdbc:sqlite:x.db"}
                  tiny: {url: "jdbc:sqlite:x.db", max_bytes: 10}
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("data_sources.crm.url 'jdbc:oracle:thin:@db:1521/crm' must be a jdbc:postgresql:")
                .hasMessageContaining("data_sources.crm.max_rows must be a whole number from 1 to 1000000, got 0")
                .hasMessageContaining("data_sources.crm.max_bytes 'lots' is not a size like 65536, 512KiB or 1MiB")
                .hasMessageContaining("data_sources.crm.timeout 'soon' is not a duration")
                .hasMessageContaining("data_sources.crm.pool is not a known key")
                .hasMessageContaining("data_sources.crm.password names env:MISSING, which is not set")
                .hasMessageContaining("data_sources.Bad-Name: a source name is a lowercase letter")
                .hasMessageContaining("data_sources.tiny.max_bytes '10' must be from 1KiB to 64MiB");
    }

    @Test
    void aPasswordInTheUrlIsNeverRepeatedInAnError() {
        assertThatThrownBy(() -> load("""
                data_sources:
                  crm: {url: "jdbc:db2://host/crm?password=hunter2-secret"}
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("password=***")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2-secret"));
    }
}
