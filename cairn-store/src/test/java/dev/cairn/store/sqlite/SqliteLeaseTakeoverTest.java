package dev.cairn.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cairn.core.event.Event;
import dev.cairn.core.event.EventPayload;
import dev.cairn.core.event.NewEvent;
import dev.cairn.core.store.Lease;
import dev.cairn.core.store.SessionRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one SQLite file: the child holds a session's lease and appends; it is paused
 * (SIGSTOP) past its lease's expiry, this process takes the session over and appends, and once
 * the child wakes (SIGCONT) its next append is fenced. Real time passes here, since the child
 * runs on the system clock: about one ttl.
 */
class SqliteLeaseTakeoverTest {

    private static final Duration TTL = Duration.ofMillis(1000);
    private static final int CHILD_ACKS_BEFORE_PAUSE = 20;
    private static final int PARENT_APPENDS = 5;
    private static final int SQLITE_BUSY = 5;

    @TempDir
    Path directory;

    @Test
    void aProcessPausedPastItsLeaseIsFencedWhenItWakes() throws Exception {
        Path databaseFile = directory.resolve("cairn.db");
        Path childErrors = directory.resolve("child.err");
        try (SqliteStore store = SqliteStore.open(databaseFile, Clock.systemUTC())) {
            store.sessions().create(new SessionRecord("s1", "tenant_a", "helper", 1, null, null,
                    Clock.systemUTC().instant()));
            Process child = new ProcessBuilder(javaCommand(), "-cp", System.getProperty("java.class.path"),
                    LeaseHoldingChild.class.getName(), databaseFile.toString(), "s1", String.valueOf(TTL.toMillis()))
                    .redirectError(childErrors.toFile())
                    .start();
            try {
                ChildLines lines = ChildLines.follow(child);
                long childToken = Long.parseLong(lines.next("lease ", childErrors));
                for (int acks = 0; acks < CHILD_ACKS_BEFORE_PAUSE; acks++) {
                    lines.next("ack ", childErrors);
                }
                pauseOutsideAWrite(child, databaseFile);
                Thread.sleep(TTL.plusMillis(200).toMillis()); // the child's lease lapses while it sleeps

                Lease taken = store.leases().acquire("s1", "parent", TTL).orElseThrow();
                assertThat(taken.token()).isEqualTo(childToken + 1);
                List<Long> parentAcks = new ArrayList<>();
                long last = store.events().lastSeq("s1");
                for (int i = 0; i < PARENT_APPENDS; i++) {
                    NewEvent event = NewEvent.of(new EventPayload.UserMessage(null, "parent " + (last + 1)));
                    last = store.events().appendAndWait("s1", last, List.of(event), taken.token()).getFirst().seq();
                    parentAcks.add(last);
                }
                signal(child, "-CONT");

                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child ended").isTrue();
                assertThat(child.exitValue()).as("child's exit code; its errors: %s", Files.readString(childErrors))
                        .isEqualTo(LeaseHoldingChild.EXIT_FENCED);
                List<String> rest = lines.untilEnd();
                assertThat(rest).last().isEqualTo("fenced " + childToken);
                assertEveryAcknowledgedAppendIsStoredOnce(store, lines.acks(), parentAcks);
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static void assertEveryAcknowledgedAppendIsStoredOnce(SqliteStore store, List<Long> childAcks,
                                                                  List<Long> parentAcks) {
        List<Event> log = store.events().readAll("s1");
        System.out.printf("child acknowledged %d appends, parent %d; the log holds %d events%n", childAcks.size(),
                parentAcks.size(), log.size());
        assertThat(log).extracting(Event::seq).as("gapless, no duplicates")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, log.size()).boxed().toList());
        assertThat(log.stream().skip(1)).as("each event names its writer and its own sequence")
                .allSatisfy(event -> assertThat(text(event)).matches("(child|parent) " + event.seq()));
        assertThat(log.stream().skip(1).filter(event -> text(event).startsWith("child ")).map(Event::seq))
                .as("the child's events are exactly those it was told were stored")
                .containsExactlyElementsOf(childAcks);
        assertThat(log.stream().skip(1).filter(event -> text(event).startsWith("parent ")).map(Event::seq))
                .as("the parent's events come last: nothing of the child's after the takeover")
                .containsExactlyElementsOf(parentAcks)
                .allSatisfy(seq -> assertThat(seq).isGreaterThan(childAcks.getLast()));
    }

    private static String text(Event event) {
        return ((EventPayload.UserMessage) event.payload()).content();
    }

    /**
     * Stops the child at a moment it holds no write lock: a process stopped inside a group would
     * keep the lock, and this one could not write until it woke.
     */
    private static void pauseOutsideAWrite(Process child, Path databaseFile) throws Exception {
        for (int attempt = 1; attempt <= 100; attempt++) {
            signal(child, "-STOP");
            awaitStopped(child);
            if (writeLockFree(databaseFile)) {
                System.out.printf("the child stopped outside a write at attempt %d%n", attempt);
                return;
            }
            signal(child, "-CONT");
            Thread.sleep(attempt % 10);
        }
        fail("the child held the write lock every time it was stopped");
    }

    private static boolean writeLockFree(Path databaseFile) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 0");
            try {
                statement.execute("BEGIN IMMEDIATE");
            } catch (SQLException e) {
                if ((e.getErrorCode() & 0xff) == SQLITE_BUSY) {
                    return false;
                }
                throw e;
            }
            statement.execute("ROLLBACK");
            return true;
        }
    }

    private static void signal(Process child, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(child.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill %s exit code", signal).isZero();
    }

    /** Waits until Linux reports the process stopped: kill returns once the signal is sent, not handled. */
    private static void awaitStopped(Process child) throws IOException, InterruptedException {
        Path stat = Path.of("/proc", String.valueOf(child.pid()), "stat");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = Files.readString(stat);
            char state = line.charAt(line.lastIndexOf(')') + 2);
            if (state == 'T') {
                return;
            }
            Thread.sleep(1);
        }
        fail("the child did not stop");
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The child's standard output, read on a thread of its own so the child never blocks on a full pipe. */
    private static final class ChildLines {

        private static final String END = "\u0000end";

        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<Long> acks = new ArrayList<>();

        static ChildLines follow(Process child) {
            ChildLines followed = new ChildLines();
            Thread.ofPlatform().daemon(true).name("child-output").start(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        followed.lines.add(line);
                    }
                } catch (IOException e) {
                    followed.lines.add("read failed: " + e);
                } finally {
                    followed.lines.add(END);
                }
            });
            return followed;
        }

        /** The rest of the next line, which must start with {@code prefix}. */
        String next(String prefix, Path childErrors) throws InterruptedException, IOException {
            String line = lines.poll(30, TimeUnit.SECONDS);
            if (line == null || line.equals(END) || !line.startsWith(prefix)) {
                fail("expected '%s...' from the child but got %s; its errors: %s", prefix, line,
                        Files.readString(childErrors));
            }
            record(line);
            return line.substring(prefix.length());
        }

        /** Every line still to come, once the child's output has ended. */
        List<String> untilEnd() throws InterruptedException {
            List<String> rest = new ArrayList<>();
            for (String line = lines.poll(30, TimeUnit.SECONDS); line != null && !line.equals(END);
                 line = lines.poll(30, TimeUnit.SECONDS)) {
                record(line);
                rest.add(line);
            }
            return rest;
        }

        List<Long> acks() {
            return acks;
        }

        private void record(String line) {
            if (line.startsWith("ack ")) {
                acks.add(Long.parseLong(line.substring("ack ".length())));
            }
        }
    }
}
