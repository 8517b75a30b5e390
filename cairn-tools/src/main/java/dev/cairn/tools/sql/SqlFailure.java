package dev.cairn.tools.sql;

import dev.cairn.core.CairnException;

/**
 * A query on a data source failed: the database refused it, it ran too long, or the database
 * could not be reached. The message is meant for the model and never holds the password.
 */
final class SqlFailure extends CairnException {

    SqlFailure(String message) {
        super(message);
    }

    @Override
    public String type() {
        return "sql_failed";
    }
}
