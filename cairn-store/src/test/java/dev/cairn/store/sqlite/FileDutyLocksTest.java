package dev.cairn.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.store.DutyLock;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Duties of handles sharing one SQLite file, held with a lock on a file beside the database. */
class FileDutyLocksTest {

    @TempDir
    Path folder;

    @Test
    void aDutyIsHeldByOneHandleOfTheFileUntilItGivesItUp() {
        try (SqliteStore nodeA = SqliteStore.open(folder.resolve("cairn.db"), Clock.systemUTC());
             SqliteStore nodeB = SqliteStore.open(folder.resolve("cairn.db"), Clock.systemUTC());
             SqliteStore elsewhere = SqliteStore.open(folder.resolve("other.db"), Clock.systemUTC())) {
            DutyLock held = nodeA.exclusive("retention-sweep").orElseThrow();

            assertThat(nodeB.exclusive("retention-sweep")).isEmpty();
            assertThat(nodeA.exclusive("retention-sweep")).isEmpty();
            try (DutyLock other = elsewhere.exclusive("retention-sweep").orElseThrow()) {
                assertThat(other.name()).isEqualTo("retention-sweep");
            }

            held.close();
            held.close();
            try (DutyLock taken = nodeB.exclusive("retention-sweep").orElseThrow()) {
                assertThat(nodeA.exclusive("retention-sweep")).isEmpty();
            }
        }
    }

    @Test
    void aDutyWhoseFileAnotherHolderHasLockedIsNotTaken() throws Exception {
        try (SqliteStore store = SqliteStore.open(folder.resolve("cairn.db"), Clock.systemUTC());
             FileChannel channel = FileChannel.open(folder.resolve("cairn.db.duty-retention-sweep"),
                     StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock();

            assertThat(store.exclusive("retention-sweep")).isEmpty();

            lock.release();
            assertThat(store.exclusive("retention-sweep")).isPresent();
        }
    }

    @Test
    void aClosedStoreGivesItsDutiesUp() {
        SqliteStore nodeA = SqliteStore.open(folder.resolve("cairn.db"), Clock.systemUTC());
        try (SqliteStore nodeB = SqliteStore.open(folder.resolve("cairn.db"), Clock.systemUTC())) {
            nodeA.exclusive("retention-sweep").orElseThrow();

            nodeA.close();

            assertThat(nodeB.exclusive("retention-sweep")).isPresent();
        }
    }
}
