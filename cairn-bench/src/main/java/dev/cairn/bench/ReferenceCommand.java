package dev.cairn.bench;

import dev.cairn.core.json.Json;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn bench reference}: the reference workload on Cairn, after a discarded warm-up. */
@Command(name = "reference", mixinStandardHelpOptions = true,
        description = "THREADS sessions in parallel, TURNS turns each (5 steps a turn), on a fresh SQLite store"
                + " or on a PostgreSQL database shared by NODES runtimes.")
final class ReferenceCommand implements Callable<Integer> {

    @Option(names = "--threads", defaultValue = "20", description = "sessions in parallel (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--turns", defaultValue = "10", description = "turns per session (default ${DEFAULT-VALUE})")
    int turns;

    @Option(names = "--dir", description = "keep the database in this folder (default: a temporary folder, deleted)")
    Path directory;

    @Option(names = "--warmup-seconds", defaultValue = ReferenceWorkload.DEFAULT_WARMUP_SECONDS,
            description = "warm the JVM up this long first, figures discarded (default ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--ledger", description = "pass every call through the ledger gateway, as the server does")
    boolean ledger;

    @Option(names = "--store", description = "a PostgreSQL database for the bench (postgres://USER@HOST:PORT/DB),"
            + " migrated and filled, never emptied (default: a fresh SQLite file)")
    String store;

    @Option(names = "--nodes", defaultValue = "1",
            description = "runtimes sharing the --store database, each with its own pool (default ${DEFAULT-VALUE})")
    int nodes;

    @Override
    public Integer call() throws Exception {
        Shape.check(threads, turns);
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
        }
        if (store != null) {
            if (ledger || directory != null) {
                throw new IllegalArgumentException("--ledger and --dir apply to the SQLite store, not to --store");
            }
            PostgresReferenceWorkload.Result result = PostgresReferenceWorkload.measure(store, nodes, threads, turns,
                    warmupSeconds, System.err);
            System.out.println(Json.write(result.json()));
            return 0;
        }
        if (nodes != 1) {
            throw new IllegalArgumentException("--nodes needs --store: nodes share a PostgreSQL database");
        }
        ReferenceWorkload.Result result = ReferenceWorkload.measure(directory, threads, turns, warmupSeconds, System.err,
                ledger);
        System.out.println(Json.write(result.json()));
        return 0;
    }
}
