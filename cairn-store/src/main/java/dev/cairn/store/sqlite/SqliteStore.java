package dev.cairn.store.sqlite;

import dev.cairn.core.store.AgentStore;
import dev.cairn.core.store.DutyLock;
import dev.cairn.core.store.ApprovalIndex;
import dev.cairn.core.store.BlobStore;
import dev.cairn.core.store.EventStore;
import dev.cairn.core.store.JobStore;
import dev.cairn.core.store.LeaseStore;
import dev.cairn.core.store.LedgerStore;
import dev.cairn.core.store.MemoryStore;
import dev.cairn.core.store.PolicyStore;
import dev.cairn.core.store.RunIndex;
import dev.cairn.core.store.SecretStore;
import dev.cairn.core.store.SessionStore;
import dev.cairn.core.store.Store;
import dev.cairn.core.store.StoreException;
import dev.cairn.core.store.TenantStore;
import dev.cairn.store.jdbc.JdbcApprovalIndex;
import dev.cairn.store.jdbc.JdbcRunIndex;
import java.nio.file.Path;
import java.util.Optional;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Cairn's embedded store: every session's log and the indexes beside it, in one SQLite file.
 *
 * <p><b>Writes.</b> One writer thread owns the only write connection. Every write (appends,
 * sessions, agent versions, tenants, keys) is queued to it; it runs whatever is queued in one
 * transaction, each write in its own savepoint, and commits once ({@code synchronous=FULL}, so the
 * group is on disk when the commit returns). A write that fails rolls back only itself and fails
 * only its caller's future. If the commit itself fails, every write of the group fails with
 * {@link StoreException} and nothing of the group is stored. Writes run in the order they were
 * submitted, so appends to one session may be pipelined with increasing expected sequences.
 *
 * <p><b>Appends</b> to a session that does not exist fail with
 * {@link dev.cairn.core.NotFoundException}; an append of no events or with a negative expected
 * sequence fails with {@link dev.cairn.core.InvalidRequestException}; a {@code run.*} or
 * {@code approval.*} event without a run id, and an {@code approval.decided} for an approval
 * that is not pending, fail their whole append the same way. The run and approval indexes are
 * updated in the append's own savepoint.
 *
 * <p><b>Listeners</b> added with {@link EventStore#addListener} run on the writer thread after
 * each commit, once per successful append, in commit order. They may read from the store but must
 * not wait for a write: the writer would be waiting for itself.
 *
 * <p><b>Leases and fenced appends.</b> Acquire, renew and release are writes like the others,
 * durable when they return, and expiry is judged with the store's clock. A fenced append checks
 * its token in its own write, so a writer that lost its lease stores nothing and fails with
 * {@link dev.cairn.core.store.FencedException}.
 *
 * <p><b>Several processes</b> may open the same file. Each group of writes takes SQLite's write
 * lock when it begins, waiting up to the busy timeout for another process's group to end (after
 * that the group fails with {@link StoreException}), and the writer forgets what it cached from
 * the database whenever another connection has committed since its last group. A process paused
 * in the middle of a group holds the lock, and every other process's writes wait for it.
 *
 * <p><b>Reads</b> use a small pool of read-only connections and see the last commit; they are safe
 * from any number of threads, virtual or not. Stored events decode only through
 * {@link dev.cairn.core.event.EventTypes}, so an unknown type raises
 * {@link dev.cairn.core.event.UnknownEventTypeException}.
 *
 * <p><b>Forks and blobs.</b> A fork's row names its parent and fork point; reading it takes one
 * recursive query for the chain of parents and one range scan per link. A large tool output is
 * stored in {@code blobs} once per SHA-256, in the transaction of the event that refers to it,
 * and {@code blob_refs} records each session that refers to it: a tenant reads a blob only
 * through a reference of its own, and deleting a session deletes the blobs only it referred to.
 *
 * <p><b>Long-term memory.</b> Items, their earlier versions and the change sequence the
 * retrieval index follows ({@code memory_changes}) are written in one savepoint per write, so an
 * item never changes without its change row. Change numbers grow in commit order.
 *
 * <p><b>Secrets</b> are stored as the server sealed them (AES-GCM ciphertext, nonce and key id);
 * the store never sees a value.
 *
 * <p><b>Policy versions</b> are numbered in the writer's transaction, which reads the latest
 * version under the write lock, so processes sharing the file never number two versions alike.
 *
 * <p><b>Ledger and budgets.</b> Each ledger entry is appended by a write task that reads the
 * chain's head and writes the next link, so the chain stays linear across processes; a budget
 * reservation checks and takes room in one write task, and a settlement appends the entry, adds
 * it to the cached spend and drops the reservation in one savepoint.
 *
 * <p><b>Times</b> come from the clock the store is opened with and are stored to the
 * millisecond; instants handed in with finer precision come back truncated.
 *
 * <p><b>Lifecycle.</b> {@link #open} applies pending schema migrations. {@link #close} commits
 * every write already submitted, then releases the file; it may be called more than once. After
 * it, every read and write fails with {@link StoreException}.
 */
public final class SqliteStore implements Store {

    private final SqliteFiles files;
    private final Connection writeConnection;
    private final GroupCommitWriter writer;
    private final ReadPool readers;
    private final SqliteEventStore events;
    private final SqliteSessionStore sessions;
    private final JdbcRunIndex runs;
    private final JdbcApprovalIndex approvals;
    private final SqliteAgentStore agents;
    private final SqliteTenantStore tenants;
    private final SqliteLeaseStore leases;
    private final SqliteJobStore jobs;
    private final SqliteBlobStore blobs;
    private final SqliteMemoryStore memory;
    private final SqliteSecretStore secrets;
    private final SqliteDocumentStore documents;
    private final SqlitePolicyStore policies;
    private final SqliteLedgerStore ledger;
    private final FileDutyLocks duties;

    private SqliteStore(SqliteFiles files, Connection writeConnection, GroupCommitWriter writer, ReadPool readers) {
        this.files = files;
        this.writeConnection = writeConnection;
        this.writer = writer;
        this.readers = readers;
        ForkChains chains = new ForkChains(readers);
        this.events = new SqliteEventStore(writer, readers, chains);
        this.sessions = new SqliteSessionStore(writer, readers, chains);
        this.runs = new JdbcRunIndex(readers, "rowid");
        this.approvals = new JdbcApprovalIndex(readers, "rowid");
        this.agents = new SqliteAgentStore(writer, readers);
        this.tenants = new SqliteTenantStore(writer, readers);
        this.leases = new SqliteLeaseStore(writer, readers);
        this.jobs = new SqliteJobStore(writer, readers);
        this.blobs = new SqliteBlobStore(readers);
        this.memory = new SqliteMemoryStore(writer, readers);
        this.secrets = new SqliteSecretStore(writer, readers);
        this.documents = new SqliteDocumentStore(writer, readers);
        this.policies = new SqlitePolicyStore(writer, readers);
        this.ledger = new SqliteLedgerStore(writer, readers);
        this.duties = new FileDutyLocks(files.databaseFile());
    }

    /** Opens (creating it if needed) the store in {@code databaseFile} with default options. */
    public static SqliteStore open(Path databaseFile, Clock clock) {
        return open(databaseFile, clock, SqliteStoreOptions.DEFAULTS);
    }

    /**
     * Opens (creating it and its directory if needed) the store in {@code databaseFile} and
     * brings its schema up to date.
     *
     * @throws StoreException when the file cannot be opened or migrated
     */
    public static SqliteStore open(Path databaseFile, Clock clock, SqliteStoreOptions options) {
        Objects.requireNonNull(databaseFile, "databaseFile");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(options, "options");
        SqliteFiles files = new SqliteFiles(databaseFile, options);
        files.migrate();
        Connection writeConnection = files.openWriter();
        try {
            GroupCommitWriter writer = new GroupCommitWriter(writeConnection, clock, options.maxBatchSize(),
                    files.databaseFile().toString());
            ReadPool readers = new ReadPool(options.readConnections(), files::openReader, writer::closedException);
            writer.start();
            return new SqliteStore(files, writeConnection, writer, readers);
        } catch (RuntimeException e) {
            closeQuietly(writeConnection, e);
            throw e;
        }
    }

    @Override
    public EventStore events() {
        return events;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public RunIndex runs() {
        return runs;
    }

    @Override
    public ApprovalIndex approvals() {
        return approvals;
    }

    @Override
    public AgentStore agents() {
        return agents;
    }

    @Override
    public TenantStore tenants() {
        return tenants;
    }

    @Override
    public LeaseStore leases() {
        return leases;
    }

    @Override
    public JobStore jobs() {
        return jobs;
    }

    @Override
    public BlobStore blobs() {
        return blobs;
    }

    @Override
    public MemoryStore memory() {
        return memory;
    }

    @Override
    public SecretStore secrets() {
        return secrets;
    }

    @Override
    public dev.cairn.core.documents.DocumentStore documents() {
        return documents;
    }

    @Override
    public PolicyStore policies() {
        return policies;
    }

    @Override
    public LedgerStore ledger() {
        return ledger;
    }

    /**
     * Holds the duty with an operating-system lock on a file beside the database, so processes
     * sharing the file exclude one another, and so do handles within one process.
     */
    @Override
    public Optional<DutyLock> exclusive(String name) {
        return duties.exclusive(name);
    }

    @Override
    public boolean ready() {
        return writer.running();
    }

    private static void closeQuietly(Connection connection, RuntimeException cause) {
        try {
            connection.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Safe to call more than once and from several threads: later calls wait for the first, then do nothing. */
    @Override
    public synchronized void close() {
        duties.close();
        writer.stop();
        readers.close();
        try {
            // Closed last, so SQLite checkpoints the WAL into the database file.
            writeConnection.close();
        } catch (SQLException e) {
            throw new StoreException("closing the SQLite store at " + files.databaseFile() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Groups committed since open. */
    long commits() {
        return writer.commits();
    }

    /** Writes committed since open, over all groups. */
    long committedWrites() {
        return writer.committedWrites();
    }

    /** Queues an arbitrary write, for tests of the writer itself. */
    <T> CompletableFuture<T> submitWrite(WriteTask<T> task) {
        return writer.submit(task);
    }

    /** A pragma's value as the write connection sees it (for example {@code synchronous}). */
    String writerPragma(String name) {
        return StoreException.join(writer.submit(transaction ->
                transaction.first("PRAGMA " + name, row -> row.getString(1)).orElse(null)));
    }

    Path databaseFile() {
        return files.databaseFile();
    }
}
