/**
 * Cairn's store on PostgreSQL, shared by several nodes. The only public types are
 * {@link dev.cairn.store.postgres.PostgresStore} and its options; everything else is an
 * implementation detail. docs/decisions/017-postgresql-store.md says why it is built as it is.
 */
package dev.cairn.store.postgres;
