package dev.cairn.store.sqlite;

import java.sql.SQLException;

/**
 * One unit of work for the writer thread. It runs inside a savepoint of the group's transaction:
 * if it throws, only its own changes are rolled back and only its own caller sees the failure.
 */
@FunctionalInterface
interface WriteTask<T> {

    T run(WriteTransaction transaction) throws SQLException;
}
