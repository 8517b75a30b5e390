package dev.cairn.store.postgres;

import java.sql.SQLException;

/** One write, run inside a transaction of its own: if it throws, nothing of it is stored. */
@FunctionalInterface
interface WriteTask<T> {

    T run(Transaction transaction) throws SQLException;
}
