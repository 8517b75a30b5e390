package dev.cairn.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.store.LedgerCall;
import dev.cairn.store.postgres.PostgresStore;
import dev.cairn.store.postgres.PostgresStoreOptions;
import dev.cairn.testing.ManualClock;
import dev.cairn.testing.postgres.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cairn ledger verify --config FILE} on the data of a stopped server whose {@code store:} is
 * a PostgreSQL database, changed behind the store's back with plain JDBC.
 */
class PostgresLedgerVerifyCommandTest {

    private static final Instant START = Instant.parse("2025-03-01T09:00:00Z");

    @TempDir
    Path folder;
    private TestDatabase database;
    private Path config;

    private record Outcome(int exitCode, String output) {
    }

    @BeforeEach
    void tenModelCalls() throws Exception {
        database = TestDatabase.create("verify");
        ManualClock clock = ManualClock.at(START);
        try (PostgresStore store = PostgresStore.open(PostgresStoreOptions.parse(database.storeUrl()), clock)) {
            for (int i = 1; i <= 10; i++) {
                store.ledger().append(new LedgerCall(LedgerCall.MODEL_CALL, "acme", "helper", 1, "ses_1", "run_1", "u1", "",
                        i, "answer", "default", "openai", "gpt-4o-mini", "", "eu", "api.openai.com", 0, "default",
                        100 + i, 10, 250, 40, "ok"));
                clock.advance(Duration.ofMinutes(1));
            }
        }
        config = Files.writeString(folder.resolve("cairn.yaml"), """
                data: %s
                store: %s
                """.formatted(folder.resolve("data"), database.storeUrl()));
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private Outcome verify() {
        StringWriter output = new StringWriter();
        CommandLine command = Commands.commandLine();
        command.setOut(new PrintWriter(output));
        return new Outcome(command.execute("ledger", "verify", "--config", config.toString()), output.toString());
    }

    private void change(String... statements) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
    }

    @Test
    void anIntactLedgerVerifies() {
        Outcome outcome = verify();

        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains("entries: 10, seq 1 to 10, from 2025-03-01T09:00:00Z to 2025-03-01T09:09:00Z")
                .contains("the chain is intact and every model call matches its policy");
    }

    @Test
    void anEditedRowIsNamedBySeq() throws Exception {
        change("UPDATE ledger SET cost_micros = 1 WHERE seq = 3");

        Outcome outcome = verify();

        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.output()).contains("seq 3: its hash").contains("does not match its fields")
                .doesNotContain("seq 2:").doesNotContain("seq 4:");
    }

    @Test
    void aDeletedRowIsNamedBySeq() throws Exception {
        change("DELETE FROM ledger WHERE seq = 5");

        Outcome outcome = verify();

        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.output()).contains("seq 6: follows seq 4: entry 5 is missing");
    }

    @Test
    void swappedRowsAreNamedBySeq() throws Exception {
        change("UPDATE ledger SET seq = -5 WHERE seq = 5", "UPDATE ledger SET seq = 5 WHERE seq = 6",
                "UPDATE ledger SET seq = 6 WHERE seq = -5");

        Outcome outcome = verify();

        assertThat(outcome.exitCode()).as(outcome.output()).isEqualTo(1);
        assertThat(outcome.output()).contains("seq 5: its previous hash").contains("seq 5: its hash")
                .contains("seq 6: its hash").doesNotContain("seq 4:");
    }

    @Test
    void anUnreachableDatabaseIsAUsageErrorNamingHostAndPort() throws Exception {
        Files.writeString(config, """
                data: %s
                store: postgresql://cairn:hunter2@127.0.0.1:1/cairn?connect-timeout=500ms
                """.formatted(folder.resolve("data")));
        StringWriter errors = new StringWriter();
        CommandLine command = Commands.commandLine();
        command.setErr(new PrintWriter(errors));

        assertThat(command.execute("ledger", "verify", "--config", config.toString())).isEqualTo(2);
        assertThat(errors.toString()).contains("127.0.0.1:1").doesNotContain("hunter2");
    }
}
