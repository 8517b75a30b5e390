package dev.cairn.server;

import dev.cairn.core.CairnException;
import dev.cairn.server.cli.Commands;
import picocli.CommandLine;

/** The {@code cairn} command. */
public final class Main {

    private Main() {
    }

    /** Held so the logging configuration is not collected with the logger. */
    private static final java.util.logging.Logger HELIDON_LOG = java.util.logging.Logger.getLogger("io.helidon");

    public static void main(String[] args) {
        quietLibraries();
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

    /** Libraries speak only of warnings; Cairn's own output is what the person at the terminal reads. */
    private static void quietLibraries() {
        System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
        HELIDON_LOG.setLevel(java.util.logging.Level.WARNING);
    }
}
