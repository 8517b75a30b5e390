package dev.cairn.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.runtime.MemoryBlock;
import dev.cairn.core.runtime.MemoryBlockVersion;
import dev.cairn.core.runtime.PostedMessage;
import dev.cairn.core.runtime.SessionMemory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A block's versions and restores are events: a new process over the same file sees them all. */
class MemoryBlockHistoryTest {

    private static final String TENANT = RuntimeFixture.TENANT;

    @TempDir
    Path folder;

    @Test
    void aRestoreIsAnEventAndSurvivesARestartWithTheWholeHistory() throws Exception {
        String session;
        long calm;
        MemoryBlock restored;
        try (RuntimeFixture fixture = RuntimeFixture.in(folder).open()) {
            fixture.agent("""
                    name: helper
                    memory: {blocks: {persona: {value: "Careful.", limit: 40}}}
                    tools: [{builtin: memory}]
                    """);
            session = fixture.session("helper");
            SessionMemory memory = fixture.runtime.memory();
            calm = memory.write(TENANT, session, "persona", "Calm.").seq();
            PostedMessage posted = fixture.runtime.postMessage(TENANT, session,
                    "/call memory {\"operation\":\"append\",\"label\":\"persona\",\"text\":\"Curious.\"}", null);
            fixture.runtime.awaitRun(TENANT, posted.run().id(), Duration.ofSeconds(20));
            assertThat(memory.block(TENANT, session, "persona").value()).isEqualTo("Calm.\nCurious.");

            restored = memory.restore(TENANT, session, "persona", calm);

            assertThat(restored.value()).isEqualTo("Calm.");
            assertThat(restored.limit()).isEqualTo(40);
        }
        try (RuntimeFixture reopened = RuntimeFixture.in(folder).open()) {
            SessionMemory memory = reopened.runtime.memory();
            assertThat(memory.block(TENANT, session, "persona")).isEqualTo(restored);
            assertThat(reopened.runtime.state(TENANT, session).memoryBlocks()).containsEntry("persona", "Calm.");
            assertThat(memory.history(TENANT, session, "persona", 0, 100).versions())
                    .extracting(MemoryBlockVersion::value, MemoryBlockVersion::operation, MemoryBlockVersion::restoredFrom)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("Careful.", "initial", null),
                            org.assertj.core.groups.Tuple.tuple("Calm.", "set", null),
                            org.assertj.core.groups.Tuple.tuple("Calm.\nCurious.", "append", null),
                            org.assertj.core.groups.Tuple.tuple("Calm.", "restore", calm));
        }
    }
}
