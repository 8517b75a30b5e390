package dev.cairn.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command tree of {@code cairn}. */
@Command(name = "cairn", mixinStandardHelpOptions = true, version = "cairn 0.1.0",
        description = "A stateful, durable runtime for AI agents.",
        subcommands = {ServeCommand.class, DemoCommand.class, AgentCommand.class, ChatCommand.class, RunsCommand.class,
                ExportCommand.class, ImportCommand.class, LedgerCommand.class})
public final class Commands {

    private Commands() {
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Commands());
    }
}
