package dev.cairn.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's names for an MCP server's tools are valid function names and unique. */
class McpToolNamesTest {

    @Test
    void namesArePrefixedWithTheServerAndKeepValidCharacters() {
        assertThat(McpToolNames.assign("files", List.of("read_file", "get-sum")))
                .containsExactly("files__read_file", "files__get-sum");
    }

    @Test
    void invalidCharactersAreReplacedAndClashesNumbered() {
        assertThat(McpToolNames.assign("web", List.of("search.web", "search/web", "search web", "search_web")))
                .containsExactly("web__search_web", "web__search_web_2", "web__search_web_3", "web__search_web_4");
    }

    @Test
    void longNamesAreCutTo64AndStayUnique() {
        String longName = "a".repeat(80);
        List<String> names = McpToolNames.assign("server", List.of(longName, longName + "b", "ok"));
        assertThat(names).allSatisfy(name -> assertThat(name).matches("[a-zA-Z0-9_-]{1,64}"));
        assertThat(names.get(0)).hasSize(64).startsWith("server__aaa");
        assertThat(names.get(1)).hasSize(64).endsWith("_2");
        assertThat(names).doesNotHaveDuplicates();
        assertThat(names.get(2)).isEqualTo("server__ok");
    }
}
