package dev.cairn.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionConfigTest {

    @TempDir
    Path folder;

    private CairnConfig load(String yaml) throws Exception {
        Path file = Files.writeString(folder.resolve("cairn.yaml"), yaml);
        return ConfigLoader.create(Map.of()).load(new ConfigLoader.Overrides(file, null, null, null));
    }

    @Test
    void folderCollectionsAreReadByName() throws Exception {
        CairnConfig config = load("""
                collections:
                  handbook: {folder: /srv/handbook, description: The employee handbook}
                  policies: {folder: ./policies}
                """);

        assertThat(config.collections()).containsOnlyKeys("handbook", "policies");
        assertThat(config.collections().get("handbook")).isEqualTo(
                new CollectionConfig(Path.of("/srv/handbook"), "The employee handbook"));
        assertThat(config.collections().get("policies").description()).isEmpty();
        assertThat(load("listen: {port: 0}\n").collections()).isEmpty();
    }

    @Test
    void everyBadCollectionIsNamed() {
        assertThatThrownBy(() -> load("""
                collections:
                  "a/b": {folder: /x}
                  nofolder: {description: missing}
                  extra: {folder: /y, depth: 2}
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("collections.a/b: a collection name is 1-64 letters")
                .hasMessageContaining("collections.nofolder must be {folder: PATH, description?: TEXT}")
                .hasMessageContaining("collections.extra.depth is not a known key (known: description, folder)");
        assertThatThrownBy(() -> load("collections: [handbook]\n"))
                .hasMessageContaining("collections must map collection names to {folder: PATH}");
    }
}
