package dev.cairn.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cairn bench}: the reference workload against Cairn and its peer, and the growth of a
 * session's storage. Figures go to standard output as one JSON line each; progress goes to
 * standard error. The JMH micro-benchmarks run with {@code org.openjdk.jmh.Main} instead (see
 * {@code docs/BENCHMARKS.md}).
 */
@Command(name = "cairn bench", mixinStandardHelpOptions = true, version = "cairn-bench 0.1.0",
        description = "Measure Cairn on the reference agent workload, against the LangGraph.js peer.",
        subcommands = {ReferenceCommand.class, GrowthCommand.class, PeerCommand.class, CompareCommand.class})
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }
}
