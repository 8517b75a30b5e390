package dev.cairn.server;

import dev.cairn.core.CairnException;
import dev.cairn.server.cli.Commands;
import picocli.CommandLine;

/** The {@code cairn} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = Commands.commandLine();
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            if (failure instanceof CairnException known) {
                line.getErr().println("cairn: " + known.getMessage());
                return 2;
            }
            throw failure;
        });
        System.exit(commandLine.execute(args));
    }
}
