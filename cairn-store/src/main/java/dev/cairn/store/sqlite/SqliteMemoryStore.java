package dev.cairn.store.sqlite;

import static dev.cairn.store.jdbc.MemoryRows.INDEXABLE_COLUMNS;
import static dev.cairn.store.jdbc.MemoryRows.ITEM_COLUMNS;
import static dev.cairn.store.jdbc.MemoryRows.VERSION_COLUMNS;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cairn.core.ConflictException;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.json.Json;
import dev.cairn.core.memory.IndexableMemory;
import dev.cairn.core.memory.MemoryChange;
import dev.cairn.core.memory.MemoryCursor;
import dev.cairn.core.memory.MemoryEdit;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryItem;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.MemoryStatus;
import dev.cairn.core.memory.MemoryVersion;
import dev.cairn.core.memory.NewMemory;
import dev.cairn.core.store.MemoryStore;
import dev.cairn.core.store.StoreException;
import dev.cairn.store.jdbc.MemoryRows;
import dev.cairn.store.jdbc.Rows;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Long-term memory on the SQLite file. Each write is one task of the group-commit writer: the
 * item, the copy of its previous version and its change rows are written in the task's savepoint,
 * so they are stored together or not at all. The writer commits in submission order, and the
 * change sequence ({@code AUTOINCREMENT}) grows with it, so changes become visible in order.
 */
final class SqliteMemoryStore implements MemoryStore {

    private static final String INSERT = "INSERT INTO memory_items (" + ITEM_COLUMNS + ", embedding)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FIND = "SELECT " + ITEM_COLUMNS + " FROM memory_items WHERE tenant_id = ? AND id = ?";
    private static final String FIND_ALL = "SELECT " + ITEM_COLUMNS + " FROM memory_items"
            + " WHERE tenant_id = ? AND id IN (SELECT value FROM json_each(?))";
    private static final String EXISTS = "SELECT 1 FROM memory_items WHERE id = ?";
    private static final String KEEP_VERSION = "INSERT INTO memory_versions (" + VERSION_COLUMNS + ")"
            + " SELECT id, version, kind, text, metadata_json, status, superseded_by, updated_at, ? FROM memory_items WHERE id = ?";
    private static final String EDIT = "UPDATE memory_items SET text = coalesce(?, text),"
            + " metadata_json = coalesce(?, metadata_json), embedding = coalesce(?, embedding),"
            + " embedding_model = coalesce(?, embedding_model), version = version + 1, updated_at = ? WHERE id = ?";
    private static final String MARK = "UPDATE memory_items SET status = ?, superseded_by = ?, version = version + 1,"
            + " updated_at = ? WHERE id = ?";
    private static final String ADD_CHANGE = "INSERT INTO memory_changes (item_id, operation, created_at) VALUES (?, ?, ?)";
    private static final String VERSIONS = "SELECT " + VERSION_COLUMNS + " FROM memory_versions WHERE item_id = ?"
            + " ORDER BY version";
    private static final String CHANGES = "SELECT c.seq, c.item_id AS changed_id, i.id, i.tenant_id, i.scope, i.scope_key,"
            + " i.namespace, i.text, i.embedding, i.embedding_model FROM memory_changes c"
            + " LEFT JOIN memory_items i ON i.id = c.item_id AND i.status = 'current'"
            + " WHERE c.seq > ? ORDER BY c.seq LIMIT ?";
    private static final String LAST_CHANGE = "SELECT coalesce(max(seq), 0) FROM memory_changes";
    private static final String CURRENT_ITEMS = "SELECT " + INDEXABLE_COLUMNS + " FROM memory_items"
            + " WHERE status = 'current' AND id > ? ORDER BY id LIMIT ?";

    private final GroupCommitWriter writer;
    private final ReadPool readers;

    SqliteMemoryStore(GroupCommitWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public MemoryItem insert(NewMemory memory) {
        Objects.requireNonNull(memory, "memory");
        return StoreException.join(writer.submit(transaction -> {
            MemoryItem stored = insert(transaction, memory);
            addChange(transaction, stored.id(), "insert");
            return stored;
        }));
    }

    private static MemoryItem insert(WriteTransaction transaction, NewMemory memory) throws SQLException {
        if (transaction.first(EXISTS, row -> true, memory.id()).isPresent()) {
            throw new ConflictException("a memory with id '" + memory.id() + "' already exists");
        }
        long now = Rows.millis(transaction.now());
        transaction.update(INSERT, memory.id(), memory.tenantId(), memory.owner().scope().wireName(), memory.owner().key(),
                memory.namespace(), memory.kind().wireName(), memory.text(), Json.write(memory.metadata()),
                memory.source().sessionId(), MemoryRows.seqsText(memory.source().eventSeqs()), memory.source().runId(),
                now, now, 1, MemoryStatus.CURRENT.wireName(), null, memory.embedding().model(),
                MemoryRows.vectorBytes(memory.embedding().vector()));
        return reread(transaction, memory.tenantId(), memory.id());
    }

    @Override
    public Optional<MemoryItem> find(String tenantId, String id) {
        return readers.first(FIND, MemoryRows::item, tenantId, id);
    }

    @Override
    public List<MemoryItem> findAll(String tenantId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        ArrayNode array = Json.mapper().createArrayNode();
        ids.forEach(array::add);
        return readers.list(FIND_ALL, MemoryRows::item, tenantId, Json.write(array));
    }

    @Override
    public MemoryItem update(String tenantId, String id, MemoryEdit edit, int expectedVersion) {
        Objects.requireNonNull(edit, "edit");
        return StoreException.join(writer.submit(transaction -> {
            writable(transaction, tenantId, id, expectedVersion);
            keepVersion(transaction, id);
            transaction.update(EDIT, edit.text(), edit.metadata() == null ? null : Json.write(edit.metadata()),
                    edit.embedding() == null ? null : MemoryRows.vectorBytes(edit.embedding().vector()),
                    edit.embedding() == null ? null : edit.embedding().model(), Rows.millis(transaction.now()), id);
            addChange(transaction, id, "update");
            return reread(transaction, tenantId, id);
        }));
    }

    @Override
    public MemoryItem delete(String tenantId, String id, int expectedVersion) {
        return StoreException.join(writer.submit(transaction -> {
            writable(transaction, tenantId, id, expectedVersion);
            keepVersion(transaction, id);
            transaction.update(MARK, MemoryStatus.DELETED.wireName(), null, Rows.millis(transaction.now()), id);
            addChange(transaction, id, "delete");
            return reread(transaction, tenantId, id);
        }));
    }

    @Override
    public Superseded supersede(String tenantId, String id, NewMemory replacement, int expectedVersion) {
        Objects.requireNonNull(replacement, "replacement");
        return StoreException.join(writer.submit(transaction -> {
            MemoryItem old = writable(transaction, tenantId, id, expectedVersion);
            if (!replacement.tenantId().equals(tenantId) || !replacement.owner().equals(old.owner())
                    || !replacement.namespace().equals(old.namespace())) {
                throw new InvalidRequestException("memory '" + id + "' can only be superseded by an item of the same tenant, "
                        + "owner (" + old.owner().term() + ") and namespace ('" + old.namespace() + "')");
            }
            MemoryItem stored = insert(transaction, replacement);
            keepVersion(transaction, id);
            transaction.update(MARK, MemoryStatus.SUPERSEDED.wireName(), stored.id(), Rows.millis(transaction.now()), id);
            addChange(transaction, id, "supersede");
            addChange(transaction, stored.id(), "insert");
            return new Superseded(reread(transaction, tenantId, id), stored);
        }));
    }

    @Override
    public List<MemoryVersion> versions(String tenantId, String id) {
        Optional<MemoryItem> item = find(tenantId, id);
        if (item.isEmpty()) {
            return List.of();
        }
        List<MemoryVersion> versions = new ArrayList<>(readers.list(VERSIONS, MemoryRows::version, id));
        // Read apart from the history: an earlier version written since is dropped, not shown twice.
        versions.removeIf(version -> version.version() >= item.get().version());
        versions.add(MemoryRows.currentVersion(item.get()));
        return versions;
    }

    @Override
    public List<MemoryItem> list(MemoryFilter filter, MemoryCursor after, int limit) {
        Objects.requireNonNull(filter, "filter");
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + ITEM_COLUMNS + " FROM memory_items WHERE tenant_id = ?"
                + " AND status = 'current' AND (");
        parameters.add(filter.tenantId());
        List<MemoryOwner> owners = filter.owners().stream().sorted(Comparator.comparing(MemoryOwner::term)).toList();
        for (int i = 0; i < owners.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("(scope = ? AND scope_key = ?)");
            parameters.add(owners.get(i).scope().wireName());
            parameters.add(owners.get(i).key());
        }
        sql.append(')');
        if (filter.namespace() != null) {
            sql.append(" AND namespace = ?");
            parameters.add(filter.namespace());
        }
        if (after != null) {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            long millis = Rows.millis(after.createdAt());
            parameters.add(millis);
            parameters.add(millis);
            parameters.add(after.id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        parameters.add(limit);
        return readers.list(sql.toString(), MemoryRows::item, parameters.toArray());
    }

    @Override
    public List<MemoryChange> changesAfter(long afterSeq, int limit) {
        return readers.list(CHANGES, row -> new MemoryChange(row.getLong("seq"), row.getString("changed_id"),
                row.getString("id") == null ? null : MemoryRows.indexable(row)), afterSeq, limit);
    }

    @Override
    public long lastChangeSeq() {
        return readers.first(LAST_CHANGE, row -> row.getLong(1)).orElse(0L);
    }

    @Override
    public List<IndexableMemory> currentItems(String afterId, int limit) {
        return readers.list(CURRENT_ITEMS, MemoryRows::indexable, afterId == null ? "" : afterId, limit);
    }

    /**
     * The item a write may change: current, in the tenant, at the expected version.
     *
     * @throws NotFoundException when it does not exist in the tenant or is deleted
     * @throws ConflictException when it was superseded or is at another version
     */
    private static MemoryItem writable(WriteTransaction transaction, String tenantId, String id, int expectedVersion)
            throws SQLException {
        MemoryItem item = transaction.first(FIND, MemoryRows::item, tenantId, id)
                .filter(found -> found.status() != MemoryStatus.DELETED)
                .orElseThrow(() -> new NotFoundException("memory", id));
        if (item.status() == MemoryStatus.SUPERSEDED) {
            throw new ConflictException("memory '" + id + "' was superseded by '" + item.supersededBy()
                    + "'; change that one instead");
        }
        if (expectedVersion != ANY_VERSION && item.version() != expectedVersion) {
            throw new ConflictException("memory '" + id + "' is at version " + item.version() + ", not "
                    + expectedVersion + "; read it again and retry");
        }
        return item;
    }

    private static void keepVersion(WriteTransaction transaction, String id) throws SQLException {
        transaction.update(KEEP_VERSION, Rows.millis(transaction.now()), id);
    }

    private static void addChange(WriteTransaction transaction, String id, String operation) throws SQLException {
        transaction.update(ADD_CHANGE, id, operation, Rows.millis(transaction.now()));
    }

    private static MemoryItem reread(WriteTransaction transaction, String tenantId, String id) throws SQLException {
        return transaction.first(FIND, MemoryRows::item, tenantId, id)
                .orElseThrow(() -> new IllegalStateException("memory '" + id + "' vanished inside its own write"));
    }
}
