package dev.cairn.store.postgres;

import dev.cairn.core.documents.DocumentStore;
import dev.cairn.core.store.AgentStore;
import dev.cairn.core.store.DutyLock;
import dev.cairn.core.store.ApprovalIndex;
import dev.cairn.core.store.BlobStore;
import dev.cairn.core.store.ChangeFeed;
import dev.cairn.core.store.EventStore;
import dev.cairn.core.store.JobStore;
import dev.cairn.core.store.LeaseStore;
import dev.cairn.core.store.LedgerStore;
import dev.cairn.core.store.MemoryStore;
import dev.cairn.core.store.RunIndex;
import dev.cairn.core.store.PolicyStore;
import dev.cairn.core.store.SecretStore;
import dev.cairn.core.store.SessionStore;
import dev.cairn.core.store.Store;
import dev.cairn.core.store.TenantStore;
import dev.cairn.store.jdbc.JdbcApprovalIndex;
import dev.cairn.store.jdbc.JdbcRunIndex;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Cairn's store in PostgreSQL, for several identical nodes sharing one database. Every node opens
 * its own {@code PostgresStore} (its own connection pool) on the same database; they agree through
 * the database alone.
 *
 * <p><b>Writes</b> each run in a READ COMMITTED transaction of their own, on the caller's thread,
 * and take the row locks they need explicitly; a write is committed when its method returns (or its
 * future is complete). A write that fails rolls back whole. A write the server picked as the victim
 * of a deadlock is run again, a few times.
 *
 * <p><b>Appends</b> lock their session's row, so appends to one session take turns (the expected
 * sequence is checked under the lock) and appends to different sessions do not wait for one
 * another. They fail as the SQLite store's do: a missing session with
 * {@link dev.cairn.core.NotFoundException}, a wrong expected sequence with
 * {@link dev.cairn.core.store.AppendConflictException}, a bad batch with
 * {@link dev.cairn.core.InvalidRequestException}; the run, approval and job indexes, and large
 * outputs' blobs, are written in the append's transaction.
 *
 * <p><b>Leases and fencing.</b> A fenced append reads the session's lease token {@code FOR SHARE}
 * in its own transaction: a writer that lost its lease stores nothing and fails with
 * {@link dev.cairn.core.store.FencedException}, whichever node it runs on. Acquiring a lease and
 * claiming jobs hand out work with {@code FOR UPDATE SKIP LOCKED}, so competing nodes never wait
 * for each other and never both win. Expiry is judged by this node's clock.
 *
 * <p><b>Listeners</b> added with {@link EventStore#addListener} run on the appending thread after
 * its commit, once per successful append of <em>this</em> store; appends of other nodes are not
 * heard. Two appends to one session racing on two threads may reach listeners in either order.
 *
 * <p><b>Ledger and budgets.</b> Appends take turns on the chain's head row, reservations on each
 * budget's spend row, so the chain stays linear and no budget is overspent whichever nodes append
 * and reserve at once ({@link #ledger}). <b>Duties</b> that must run on one node at a time are
 * held with session advisory locks ({@link #exclusive}).
 *
 * <p><b>Reads</b> are single statements on a pooled connection and see the last commit of any node.
 * Times come from the clock the store is opened with and are stored to the millisecond.
 *
 * <p><b>Lifecycle.</b> {@link #open} connects (waiting up to the connect timeout) and applies
 * pending schema migrations. {@link #close} closes the pool; it may be called more than once. After
 * it, every read and write fails with {@link dev.cairn.core.store.StoreException}.
 */
public final class PostgresStore implements Store {

    private final Database database;
    private final PostgresEventStore events;
    private final PostgresSessionStore sessions;
    private final JdbcRunIndex runs;
    private final JdbcApprovalIndex approvals;
    private final PostgresAgentStore agents;
    private final PostgresTenantStore tenants;
    private final PostgresLeaseStore leases;
    private final PostgresJobStore jobs;
    private final PostgresBlobStore blobs;
    private final PostgresMemoryStore memory;
    private final PostgresSecretStore secrets;
    private final PostgresPolicyStore policies;
    private final PostgresDocumentStore documents;
    private final PostgresLedgerStore ledger;
    private final PostgresDutyLocks duties;

    private PostgresStore(Database database) {
        this.database = database;
        ForkChains chains = new ForkChains(database);
        this.events = new PostgresEventStore(database, chains);
        this.sessions = new PostgresSessionStore(database);
        this.runs = new JdbcRunIndex(database, "ordinal");
        this.approvals = new JdbcApprovalIndex(database, "ordinal");
        this.agents = new PostgresAgentStore(database);
        this.tenants = new PostgresTenantStore(database);
        this.leases = new PostgresLeaseStore(database);
        this.jobs = new PostgresJobStore(database);
        this.blobs = new PostgresBlobStore(database);
        this.memory = new PostgresMemoryStore(database);
        this.secrets = new PostgresSecretStore(database);
        this.policies = new PostgresPolicyStore(database);
        this.documents = new PostgresDocumentStore(database);
        this.ledger = new PostgresLedgerStore(database);
        this.duties = new PostgresDutyLocks(database);
    }

    /**
     * Connects to the database {@code options} name and brings its schema up to date.
     *
     * @throws dev.cairn.core.store.StoreException when the database cannot be reached (the message
     *     names host, port and database, never the password) or migrated
     */
    public static PostgresStore open(PostgresStoreOptions options, Clock clock) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(clock, "clock");
        return new PostgresStore(Database.open(options, clock));
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
    public BlobStore blobs() {
        return blobs;
    }

    @Override
    public JobStore jobs() {
        return jobs;
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
    public PolicyStore policies() {
        return policies;
    }

    @Override
    public DocumentStore documents() {
        return documents;
    }

    @Override
    public LedgerStore ledger() {
        return ledger;
    }

    /**
     * Holds the duty with a session advisory lock ({@code pg_try_advisory_lock}) on a connection
     * of its own, outside the pool, kept until the hold is closed: handles of every node on this database and schema
     * exclude one another, and a node that dies or loses its connection loses the duty.
     */
    @Override
    public Optional<DutyLock> exclusive(String name) {
        return duties.exclusive(name);
    }

    /**
     * What other nodes commit to this database, announced over {@code LISTEN/NOTIFY} on a
     * connection of this store's own (see decision 019).
     */
    @Override
    public ChangeFeed changes() {
        return database.changes();
    }

    /** True while the pool is open and the database answers within a second. */
    @Override
    public boolean ready() {
        return database.ready();
    }

    @Override
    public void close() {
        duties.close();
        database.close();
    }

    /** The database this store is open on, for messages: {@code PostgreSQL database 'NAME' at HOST:PORT}. */
    @Override
    public String toString() {
        return database.name();
    }
}
