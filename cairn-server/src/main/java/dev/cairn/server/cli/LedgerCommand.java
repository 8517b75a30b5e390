package dev.cairn.server.cli;

import dev.cairn.core.gateway.LedgerVerifier;
import dev.cairn.core.store.Store;
import dev.cairn.core.store.StoreException;
import dev.cairn.server.ModelPolicies;
import dev.cairn.server.config.CairnConfig;
import dev.cairn.server.config.ConfigLoader;
import dev.cairn.server.config.StoreUrl;
import dev.cairn.store.postgres.PostgresStore;
import dev.cairn.store.sqlite.SqliteStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cairn ledger}: work on the ledger of a stopped server's data. */
@Command(name = "ledger", description = "Work on the ledger of model and tool calls.", mixinStandardHelpOptions = true,
        subcommands = LedgerCommand.Verify.class)
final class LedgerCommand {

    /**
     * {@code cairn ledger verify}: recomputes the hash chain and checks each model call against the
     * policy version it names; prints a summary and every problem by sequence number, and exits 1
     * when there is one. Opens the store the configuration names (a SQLite file or a PostgreSQL
     * database) itself, so the server must be stopped.
     */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the ledger's hash chain and each model call's policy decision (server stopped).")
    static final class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-c", "--config"}, description = "cairn.yaml whose store to check")
        Path config;

        @Option(names = {"-d", "--data"}, description = "data folder whose store to check (also CAIRN_DATA)")
        Path data;

        @Option(names = "--from", description = "check entries from this instant or UTC day (2025-03-01)")
        String from;

        @Option(names = "--to", description = "check entries before this instant, or up to the end of this UTC day")
        String to;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Instant start = time("--from", from, false);
            Instant end = time("--to", to, true);
            CairnConfig settings = ConfigLoader.create(System.getenv()).load(new ConfigLoader.Overrides(config, null, data, null));
            LedgerVerifier.Report report;
            try (Store store = open(settings.storeUrl())) {
                report = new LedgerVerifier(store.ledger(), ModelPolicies.of(store)).verify(start, end);
            }
            out.println(summary(report));
            for (LedgerVerifier.Problem problem : report.problems()) {
                out.println((problem.seq() > 0 ? "seq " + problem.seq() : "ledger") + ": " + problem.message());
            }
            out.println(report.intact() ? "the chain is intact and every model call matches its policy"
                    : report.problems().size() + " problem(s) found");
            out.flush();
            return report.intact() ? 0 : 1;
        }

        /** The store the configuration names: a SQLite file that must exist, or a PostgreSQL database. */
        private Store open(StoreUrl url) {
            return switch (url) {
                case StoreUrl.Sqlite sqlite -> {
                    if (!Files.isRegularFile(sqlite.file())) {
                        throw new ParameterException(spec.commandLine(), "there is no database at " + sqlite.file()
                                + "; name the server's data folder with --data or its cairn.yaml with --config");
                    }
                    yield SqliteStore.open(sqlite.file(), Clock.systemUTC());
                }
                case StoreUrl.Postgres postgres -> {
                    try {
                        yield PostgresStore.open(postgres.options(), Clock.systemUTC());
                    } catch (StoreException e) {
                        throw new ParameterException(spec.commandLine(), "store: " + e.getMessage());
                    }
                }
            };
        }

        private static String summary(LedgerVerifier.Report report) {
            if (report.entries() == 0) {
                return "entries: 0";
            }
            return "entries: " + report.entries() + ", seq " + report.firstSeq() + " to " + report.lastSeq() + ", from "
                    + report.first() + " to " + report.last() + ", checked in " + report.elapsed().toMillis() + " ms ("
                    + report.entriesPerSecond() + " entries/s)";
        }

        private Instant time(String option, String text, boolean endOfDay) {
            if (text == null) {
                return null;
            }
            try {
                if (text.length() == 10) {
                    LocalDate day = LocalDate.parse(text);
                    return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                return Instant.parse(text);
            } catch (DateTimeException e) {
                throw new ParameterException(spec.commandLine(), option + " must be an instant like 2025-03-01T09:00:00Z or a"
                        + " day like 2025-03-01, got '" + text + "'");
            }
        }
    }
}
