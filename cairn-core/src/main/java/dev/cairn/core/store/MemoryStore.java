package dev.cairn.core.store;

import dev.cairn.core.memory.IndexableMemory;
import dev.cairn.core.memory.MemoryChange;
import dev.cairn.core.memory.MemoryCursor;
import dev.cairn.core.memory.MemoryEdit;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryItem;
import dev.cairn.core.memory.MemoryVersion;
import dev.cairn.core.memory.NewMemory;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Long-term memory items: the source of truth that retrieval indexes are derived from.
 *
 * <p><b>Versions.</b> An item starts at version 1; every update, delete and supersede stores the
 * next version and keeps the one before it in the item's history ({@link #versions}). Writes that
 * name an expected version ({@code expectedVersion > 0}) fail with
 * {@link dev.cairn.core.ConflictException} when the item has moved on, and change nothing.
 *
 * <p><b>Changes.</b> Every write also adds, in its own transaction, one entry per item it wrote to
 * a change sequence shared by all tenants ({@link #changesAfter}). Sequence numbers grow strictly
 * in the order writes commit, so a reader that has seen every change through {@code n} never
 * later finds one at or below {@code n}; they may have gaps, so readers never expect {@code n + 1}.
 *
 * <p><b>Tenants.</b> Every method taking a tenant sees only that tenant's items; another tenant's
 * id is not found. Only {@link #changesAfter} and {@link #currentItems}, which feed the index,
 * span tenants.
 *
 * <p>Thread-safe; every write is durable when the method returns.
 */
public interface MemoryStore {

    /** Any version: the write applies to whatever version is current. */
    int ANY_VERSION = 0;

    /**
     * Stores a new current item at version 1.
     *
     * @throws dev.cairn.core.ConflictException when an item with its id exists
     */
    MemoryItem insert(NewMemory memory);

    /** The item, whatever its status; empty when it does not exist in the tenant. */
    Optional<MemoryItem> find(String tenantId, String id);

    /** The tenant's items among {@code ids}, whatever their status, in no particular order. */
    List<MemoryItem> findAll(String tenantId, Collection<String> ids);

    /**
     * Stores {@code edit} as the current item's next version.
     *
     * @throws dev.cairn.core.NotFoundException when the item does not exist in the tenant, or is deleted
     * @throws dev.cairn.core.ConflictException when it is not at {@code expectedVersion}, or was superseded
     */
    MemoryItem update(String tenantId, String id, MemoryEdit edit, int expectedVersion);

    /**
     * Marks the current item deleted (its next version); it is no longer listed or searched.
     *
     * @throws dev.cairn.core.NotFoundException when the item does not exist in the tenant, or is deleted
     * @throws dev.cairn.core.ConflictException when it is not at {@code expectedVersion}, or was superseded
     */
    MemoryItem delete(String tenantId, String id, int expectedVersion);

    /**
     * Replaces a current item with a new one, atomically: the old one becomes superseded (its next
     * version, naming the new one) and the new one is stored as current, or neither happens.
     *
     * @param replacement the new item: same tenant, owner and namespace as the old one
     * @return the two items as stored
     * @throws dev.cairn.core.NotFoundException when the old item does not exist in the tenant, or is deleted
     * @throws dev.cairn.core.ConflictException when it is not at {@code expectedVersion} or was
     *     superseded, or an item with the replacement's id exists
     * @throws dev.cairn.core.InvalidRequestException when the replacement has another owner or namespace
     */
    Superseded supersede(String tenantId, String id, NewMemory replacement, int expectedVersion);

    /** The old item (now superseded) and its replacement (current). */
    record Superseded(MemoryItem old, MemoryItem replacement) {
    }

    /** Every version of the item, oldest first, its current one last; empty when it does not exist in the tenant. */
    List<MemoryVersion> versions(String tenantId, String id);

    /**
     * The current items that {@code filter} lets through, newest first (by creation, ties broken
     * by id), after {@code after} (null: from the newest), at most {@code limit}.
     */
    List<MemoryItem> list(MemoryFilter filter, MemoryCursor after, int limit);

    /** The changes numbered above {@code afterSeq}, in order, at most {@code limit}. */
    List<MemoryChange> changesAfter(long afterSeq, int limit);

    /** The number of the last change; 0 when nothing was ever written. */
    long lastChangeSeq();

    /** Current items of every tenant with ids above {@code afterId} (null: from the first), by id, at most {@code limit}: what a rebuild indexes. */
    List<IndexableMemory> currentItems(String afterId, int limit);
}
