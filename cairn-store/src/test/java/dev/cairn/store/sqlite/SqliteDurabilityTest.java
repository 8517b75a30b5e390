package dev.cairn.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cairn.core.event.Event;
import dev.cairn.testing.ManualClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An append whose future completed survives the process being killed (kill -9) right after. */
class SqliteDurabilityTest {

    private static final int SESSIONS = 4;
    private static final int ACKS_BEFORE_KILL = 200;

    @TempDir
    Path directory;

    @Test
    void everyAcknowledgedAppendSurvivesAKilledProcess() throws Exception {
        Path databaseFile = directory.resolve("cairn.db");
        Path childErrors = directory.resolve("child.err");
        Process child = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                AppendingChild.class.getName(), databaseFile.toString(), String.valueOf(SESSIONS))
                .redirectError(childErrors.toFile())
                .start();
        Map<String, Long> acknowledged = new HashMap<>();
        try (BufferedReader acks = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            int count = 0;
            while (count < ACKS_BEFORE_KILL) {
                String line = acks.readLine();
                if (line == null) {
                    fail("the child ended after %d acks: %s", count, Files.readString(childErrors));
                }
                record(acknowledged, line);
                count++;
            }
            // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipe.
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child killed").isTrue();
            for (String line = acks.readLine(); line != null; line = acks.readLine()) {
                record(acknowledged, line); // acks printed before the kill but not yet read
            }
        } finally {
            child.destroyForcibly();
        }

        try (SqliteStore store = SqliteStore.open(databaseFile, ManualClock.at(Instant.EPOCH))) {
            System.out.printf("acknowledged before the kill: %s; stored after it: %s%n", acknowledged,
                    storedCounts(store));
            for (int i = 0; i < SESSIONS; i++) {
                String sessionId = "s" + i;
                List<Event> log = store.events().readAll(sessionId);
                assertThat(log).extracting(Event::seq).as("gapless log of %s", sessionId)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, log.size()).boxed().toList());
                assertThat((long) log.size()).as("events of %s kept", sessionId)
                        .isGreaterThanOrEqualTo(acknowledged.getOrDefault(sessionId, 1L));
            }
        }
    }

    private static Map<String, Integer> storedCounts(SqliteStore store) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < SESSIONS; i++) {
            counts.put("s" + i, store.events().readAll("s" + i).size());
        }
        return counts;
    }

    private static void record(Map<String, Long> acknowledged, String line) {
        String[] parts = line.split(" ");
        if (parts.length == 2 && !parts[1].isEmpty()) {
            acknowledged.merge(parts[0], Long.parseLong(parts[1]), Math::max);
        }
    }

    private static String javaCommand() throws IOException {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
