package dev.cairn.server.cli;

import dev.cairn.core.CairnException;

/** A command cannot go on; the message says why, for the person at the terminal. */
final class CliException extends CairnException {

    CliException(String message) {
        super(message);
    }

    @Override
    public String type() {
        return "cli_failed";
    }
}
