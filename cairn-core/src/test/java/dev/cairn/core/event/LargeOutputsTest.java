package dev.cairn.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LargeOutputsTest {

    @Test
    void anOutputUpToTheLimitIsKeptWhole() {
        EventPayload small = new EventPayload.ToolCompleted("c1", "t", "x".repeat(LargeOutputs.INLINE_LIMIT_BYTES), 1);

        LargeOutputs.Compacted compacted = LargeOutputs.compact(small);

        assertThat(compacted.payload()).isSameAs(small);
        assertThat(compacted.blob()).isNull();
    }

    @Test
    void aLargerOutputKeepsItsBeginningAndANoteAndSetsTheWholeAside() {
        String output = "0123456789".repeat(10_000);

        LargeOutputs.Compacted compacted = LargeOutputs.compact(new EventPayload.ToolCompleted("c1", "t", output, 5));

        EventPayload.ToolCompleted stored = (EventPayload.ToolCompleted) compacted.payload();
        assertThat(stored.outputRef()).isEqualTo(LargeOutputs.sha256(output.getBytes(StandardCharsets.UTF_8)));
        assertThat(stored.outputBytes()).isEqualTo(100_000);
        assertThat(stored.output()).startsWith(output.substring(0, LargeOutputs.PREVIEW_BYTES))
                .contains("showing the first 4096 of 100000 bytes")
                .contains("read_output").contains(stored.outputRef()).contains("\"offset\": 4096");
        assertThat(stored.output().length()).isLessThan(LargeOutputs.PREVIEW_BYTES + 300);
        assertThat(compacted.blob().content()).isEqualTo(output.getBytes(StandardCharsets.UTF_8));
        assertThat(LargeOutputs.compact(stored).blob()).as("compacting twice changes nothing").isNull();
    }

    @Test
    void thePreviewNeverCutsACharacterInTwo() {
        String output = "é".repeat(20_000);

        EventPayload.ToolCompleted stored = (EventPayload.ToolCompleted) LargeOutputs.compact(
                new EventPayload.ToolCompleted("c1", "t", output, 5)).payload();

        String preview = stored.output().substring(0, stored.output().indexOf("\n\n[output truncated"));
        assertThat(preview).isEqualTo("é".repeat(LargeOutputs.PREVIEW_BYTES / 2));
    }

    @Test
    void otherPayloadsAreLeftAlone() {
        EventPayload message = new EventPayload.UserMessage("m", "y".repeat(100_000));

        assertThat(LargeOutputs.compact(message).payload()).isSameAs(message);
        assertThat(LargeOutputs.reference(message)).isEmpty();
    }
}
