/**
 * What the SQLite and PostgreSQL stores share: conversions between Java values and columns
 * ({@link dev.cairn.store.jdbc.Rows}, {@link dev.cairn.store.jdbc.MemoryRows},
 * {@link dev.cairn.store.jdbc.JobRows}, {@link dev.cairn.store.jdbc.BlobRows}), the index updates
 * that follow each appended event inside the append's transaction
 * ({@link dev.cairn.store.jdbc.RunIndexUpdates}, {@link dev.cairn.store.jdbc.ApprovalIndexUpdates},
 * {@link dev.cairn.store.jdbc.JobQueueUpdates}), and whole-session restore and delete
 * ({@link dev.cairn.store.jdbc.SessionTransfers}). They speak only the SQL both databases accept
 * and run on whatever {@link dev.cairn.store.jdbc.SqlTransaction} the store hands them; how a
 * write is committed (SQLite's group commit, PostgreSQL's pooled transactions) stays with each store.
 */
package dev.cairn.store.jdbc;
