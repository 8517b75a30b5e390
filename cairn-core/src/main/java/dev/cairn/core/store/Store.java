package dev.cairn.core.store;

import java.util.Optional;

/**
 * Everything Cairn stores, behind one handle. Implementations: SQLite (embedded default) and,
 * for several nodes, PostgreSQL. All of them pass the same contract suites.
 */
public interface Store extends AutoCloseable {

    EventStore events();

    SessionStore sessions();

    RunIndex runs();

    ApprovalIndex approvals();

    AgentStore agents();

    TenantStore tenants();

    LeaseStore leases();

    BlobStore blobs();

    /** Durable background jobs, such as memory extraction after a run. */
    JobStore jobs();

    /** Long-term memory items, their versions and the change sequence their index follows. */
    MemoryStore memory();

    /** Named secrets of each tenant, sealed. */
    SecretStore secrets();

    /** Document collections, their documents and chunks, and the change sequence their index follows. */
    dev.cairn.core.documents.DocumentStore documents();

    /** The versions of the model-call policy. */
    PolicyStore policies();
    /**
     * The ledger of model and tool calls and the budgets it feeds.
     *
     * @throws StoreException when this store keeps no ledger
     */
    default LedgerStore ledger() {
        throw new StoreException(getClass().getSimpleName() + " keeps no ledger", null);
    }

    /**
     * Takes duty {@code name} for this handle when no holder has it, on this node or any other
     * sharing the store, without waiting. The duty stays held until the answer is closed, or this
     * node loses its connection to the store or dies.
     *
     * @param name checked by {@link DutyLock#checkName}
     * @return the hold, or empty when another handle holds the duty
     * @throws StoreException when the store cannot answer
     */
    Optional<DutyLock> exclusive(String name);

    /**
     * What other nodes sharing this store commit, announced to this one; {@link ChangeFeed#NONE}
     * for a store only this process writes.
     */
    default ChangeFeed changes() {
        return ChangeFeed.NONE;
    }

    /** True when the store can serve requests (for readiness checks). */
    boolean ready();

    /** Flushes pending appends and releases every resource. */
    @Override
    void close();
}
