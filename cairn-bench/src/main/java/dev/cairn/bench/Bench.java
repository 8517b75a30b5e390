package dev.cairn.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cairn bench}: the reference workload against Cairn and its peer, the growth of a
 * session's storage, how long a run stands still when its server is killed, and long-term memory
 * retrieval (search latency and index size; recall on the evaluation set). Figures go to standard output as one JSON line each; progress goes to
 * standard error. The JMH micro-benchmarks run with {@code org.openjdk.jmh.Main} instead (see
 * {@code docs/BENCHMARKS.md}).
 */
@Command(name = "cairn bench", mixinStandardHelpOptions = true, version = "cairn-bench 0.1.0",
        description = "Measure Cairn on the reference agent workload, against the LangGraph.js peer.",
        subcommands = {ReferenceCommand.class, GrowthCommand.class, PeerCommand.class, CompareCommand.class,
                FailoverCommand.class, MemoryCommand.class, RecallCommand.class, FanoutCommand.class})
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Bench());
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            if (failure instanceof IllegalArgumentException badOption) {
                line.getErr().println("cairn bench: " + badOption.getMessage());
                return 2;
            }
            throw failure;
        });
        System.exit(commandLine.execute(args));
    }
}
