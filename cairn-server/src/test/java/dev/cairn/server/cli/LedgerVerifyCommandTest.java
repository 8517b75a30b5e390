package dev.cairn.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.store.LedgerCall;
import dev.cairn.store.sqlite.SqliteStore;
import dev.cairn.testing.ManualClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cairn ledger verify} over a database changed behind the store's back with plain JDBC. */
class LedgerVerifyCommandTest {

    private static final Instant START = Instant.parse("2025-03-01T09:00:00Z");

    @TempDir
    Path folder;

    private record Outcome(int exitCode, String output) {
    }

    /** A data folder whose ledger holds ten model calls, one a minute, the seventh naming {@code rule}. */
    private Path ledger(String name, String seventhRule) {
        Path data = folder.resolve(name);
        ManualClock clock = ManualClock.at(START);
        try (SqliteStore store = SqliteStore.open(data.resolve("cairn.db"), clock)) {
            for (int i = 1; i <= 10; i++) {
                store.ledger().append(new LedgerCall(LedgerCall.MODEL_CALL, "acme", "helper", 1, "ses_1", "run_1", "u1", "",
                        i, "answer", "default", "openai", "gpt-4o-mini", "", "eu", "api.openai.com", 0,
                        i == 7 ? seventhRule : "default", 100 + i, 10, 250, 40, "ok"));
                clock.advance(Duration.ofMinutes(1));
            }
        }
        return data;
    }

    private static Outcome verify(String... arguments) {
        StringWriter output = new StringWriter();
        CommandLine command = Commands.commandLine();
        command.setOut(new PrintWriter(output));
        String[] all = new String[arguments.length + 2];
        all[0] = "ledger";
        all[1] = "verify";
        System.arraycopy(arguments, 0, all, 2, arguments.length);
        return new Outcome(command.execute(all), output.toString());
    }

    private static void change(Path data, String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("cairn.db"));
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
    }

    @Test
    void anIntactLedgerVerifiesWithASummary() {
        Outcome outcome = verify("--data", ledger("intact", "default").toString());

        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains("entries: 10, seq 1 to 10, from 2025-03-01T09:00:00Z to 2025-03-01T09:09:00Z")
                .contains("entries/s").contains("the chain is intact and every model call matches its policy");
    }

    @Test
    void aChangedFieldIsNamedBySeq() throws Exception {
        Path data = ledger("edited", "default");
        change(data, "UPDATE ledger SET cost_micros = 1 WHERE seq = 3");

        Outcome outcome = verify("--data", data.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.output()).contains("seq 3: its hash").contains("does not match its fields")
                .doesNotContain("seq 2:").doesNotContain("seq 4:");
    }

    @Test
    void aFieldChangedToTextWhereANumberBelongsIsNamedBySeq() throws Exception {
        Path data = ledger("retyped", "default");
        change(data, "UPDATE ledger SET tokens_in = 'many' WHERE seq = 4");

        Outcome outcome = verify("--data", data.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.output()).contains("ledger: reading stopped after seq 0:")
                .contains("ledger entry 4 holds a value no entry can have");
    }

    @Test
    void aDeletedRowIsNamedBySeq() throws Exception {
        Path data = ledger("deleted", "default");
        change(data, "DELETE FROM ledger WHERE seq = 5");

        Outcome outcome = verify("--data", data.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.output()).contains("seq 6: follows seq 4: entry 5 is missing");
    }

    @Test
    void swappedRowsAreNamedBySeq() throws Exception {
        Path data = ledger("swapped", "default");
        change(data, "UPDATE ledger SET seq = -5 WHERE seq = 5", "UPDATE ledger SET seq = 5 WHERE seq = 6",
                "UPDATE ledger SET seq = 6 WHERE seq = -5");

        Outcome outcome = verify("--data", data.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.output()).contains("seq 5: its previous hash").contains("seq 5: its hash")
                .contains("seq 6: its hash").doesNotContain("seq 4:");
    }

    @Test
    void aModelCallThePolicyVersionDecidesByAnotherRuleIsNamed() {
        Outcome outcome = verify("--data", ledger("policy", "eu-only").toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.output()).contains("seq 7: policy version 0 allows it by rule 'default', but the entry names rule"
                + " 'eu-only'");
    }

    @Test
    void aTimeRangeChecksItsEntriesAndTheirLinkToTheOneBefore() throws Exception {
        Path data = ledger("range", "default");
        change(data, "UPDATE ledger SET hash = 'x' WHERE seq = 2");

        Outcome later = verify("--data", data.toString(), "--from", "2025-03-01T09:05:00Z", "--to", "2025-03-01T09:08:00Z");
        Outcome linked = verify("--data", data.toString(), "--from", "2025-03-01T09:02:00Z");

        assertThat(later.exitCode()).as(later.output()).isZero();
        assertThat(later.output()).contains("entries: 3, seq 6 to 8");
        assertThat(linked.exitCode()).isEqualTo(1);
        assertThat(linked.output()).contains("seq 3: its previous hash");
        assertThat(verify("--data", data.toString(), "--from", "someday").exitCode()).isEqualTo(2);
        assertThat(verify("--data", folder.resolve("nowhere").toString()).exitCode()).isEqualTo(2);
        assertThat(folder.resolve("nowhere")).doesNotExist();
    }
}
