/**
 * Cairn's embedded store on SQLite. The only public types are {@link dev.cairn.store.sqlite.SqliteStore}
 * and its options; everything else is an implementation detail.
 *
 * <h2>Decisions that may look odd but are intentional</h2>
 * <ul>
 *   <li><b>One writer thread.</b> SQLite allows one writer at a time anyway; owning the write
 *       connection on one thread turns that limit into group commit instead of lock contention,
 *       and lets the writer keep each session's last sequence number in memory.</li>
 *   <li><b>A savepoint per write inside one transaction per group.</b> Writes share the fsync
 *       but not their failures: a conflict rolls back only its own savepoint.</li>
 *   <li><b>Outcomes reach callers only after the commit.</b> A future that completed normally
 *       means the write is on disk ({@code synchronous=FULL}); listeners hear of events on the
 *       same terms.</li>
 *   <li><b>The session-head cache has layers</b> (committed, group, write) so a rolled-back write
 *       or a failed commit can never leave it ahead of the database; a failed commit empties it.</li>
 *   <li><b>The write lock is taken when a group begins</b> ({@code BEGIN IMMEDIATE}, waiting up
 *       to the busy timeout), not at its first write: a deferred transaction that read first
 *       could find at its first write that another process had committed since, and fail
 *       without waiting.</li>
 *   <li><b>Caches are dropped when {@code PRAGMA data_version} moves.</b> Another process
 *       sharing the file may have committed since the last group; checked under the write
 *       lock, so nothing can commit between the check and the group. One cheap pragma per
 *       group, instead of re-reading each session's head per append.</li>
 *   <li><b>Leases are writes like any other, and the fence is a query in the append's
 *       savepoint.</b> Expiry is judged by the store's clock, a released or expired lease keeps
 *       its row so tokens only grow, and an expired lease nobody took still lets its holder
 *       append: only a new holder's token fences it.</li>
 *   <li><b>Read-only reader connections.</b> Under WAL they read the last commit while the writer
 *       writes, and cannot take the write lock by mistake.</li>
 *   <li><b>Times are epoch milliseconds.</b> Events take their time from the injected clock,
 *       truncated to the millisecond, so what an append returns is exactly what a read returns.</li>
 * </ul>
 */
package dev.cairn.store.sqlite;
