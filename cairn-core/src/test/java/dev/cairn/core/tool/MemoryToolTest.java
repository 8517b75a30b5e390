package dev.cairn.core.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.event.EventPayload;
import dev.cairn.core.json.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryToolTest {

    private final MemoryTool tool = new MemoryTool();

    private ToolOutcome call(String json, Map<String, String> blocks) throws Exception {
        return tool.call(new ToolInvocation("t", "s", "r", "c", "k", Json.parse(json), blocks));
    }

    @Test
    void appendAddsALineAndRecordsTheWrite() throws Exception {
        ToolOutcome outcome = call("{\"operation\":\"append\",\"label\":\"user\",\"text\":\"likes tea\"}",
                Map.of("user", "Ada"));
        assertThat(outcome).isInstanceOf(ToolOutcome.Success.class);
        assertThat(outcome.effects()).containsExactly(new EventPayload.MemoryWritten("user", "Ada\nlikes tea", "append", "agent"));
    }

    @Test
    void replaceSwapsTheOldTextOrTheWholeBlock() throws Exception {
        assertThat(call("{\"operation\":\"replace\",\"label\":\"user\",\"text\":\"coffee\",\"old_text\":\"tea\"}",
                Map.of("user", "likes tea")).effects())
                .containsExactly(new EventPayload.MemoryWritten("user", "likes coffee", "replace", "agent"));
        assertThat(call("{\"operation\":\"replace\",\"label\":\"user\",\"text\":\"new\"}", Map.of("user", "old")).effects())
                .containsExactly(new EventPayload.MemoryWritten("user", "new", "replace", "agent"));
    }

    @Test
    void mistakesAreToldToTheModelAndChangeNothing() throws Exception {
        ToolOutcome unknown = call("{\"operation\":\"append\",\"label\":\"nope\",\"text\":\"x\"}", Map.of("user", ""));
        assertThat(unknown).isInstanceOfSatisfying(ToolOutcome.Failure.class,
                f -> assertThat(f.error()).contains("'nope' does not exist").contains("user"));
        assertThat(unknown.effects()).isEmpty();
        assertThatThrownBy(() -> call("{\"operation\":\"replace\",\"label\":\"user\",\"text\":\"x\",\"old_text\":\"zzz\"}",
                Map.of("user", "abc"))).isInstanceOf(ToolInputException.class).hasMessageContaining("not found");
        assertThatThrownBy(() -> call("{\"label\":\"user\",\"text\":\"x\"}", Map.of("user", "")))
                .isInstanceOf(ToolInputException.class).hasMessageContaining("'operation' is required");
        ToolOutcome tooLong = call("{\"operation\":\"append\",\"label\":\"user\",\"text\":\"" + "x".repeat(dev.cairn.core.agent.MemorySpec.DEFAULT_BLOCK_LIMIT)
                + "\"}", Map.of("user", "abc"));
        assertThat(tooLong).isInstanceOf(ToolOutcome.Failure.class);
        assertThat(tooLong.effects()).isEmpty();
    }

    @Test
    void aBlocksOwnLimitIsKeptAndNamedWhenAnEditWouldPassIt() throws Exception {
        Map<String, Integer> limits = Map.of("user", 13);
        ToolOutcome fits = tool.call(new ToolInvocation("t", "s", "r", "c", "k",
                Json.parse("{\"operation\":\"append\",\"label\":\"user\",\"text\":\"likes tea\"}"), Map.of("user", "Ada"),
                limits));
        assertThat(fits.effects()).containsExactly(new EventPayload.MemoryWritten("user", "Ada\nlikes tea", "append", "agent"));

        ToolOutcome over = tool.call(new ToolInvocation("t", "s", "r", "c", "k",
                Json.parse("{\"operation\":\"append\",\"label\":\"user\",\"text\":\"likes green tea\"}"),
                Map.of("user", "Ada"), limits));
        assertThat(over).isInstanceOfSatisfying(ToolOutcome.Failure.class, failure -> assertThat(failure.error())
                .contains("'user' would be 19 characters, over its limit of 13"));
        assertThat(over.effects()).isEmpty();

        ToolOutcome otherBlock = tool.call(new ToolInvocation("t", "s", "r", "c", "k",
                Json.parse("{\"operation\":\"replace\",\"label\":\"notes\",\"text\":\"" + "n".repeat(4_000) + "\"}"),
                Map.of("user", "Ada", "notes", ""), limits));
        assertThat(otherBlock).isInstanceOf(ToolOutcome.Success.class);
    }
}
