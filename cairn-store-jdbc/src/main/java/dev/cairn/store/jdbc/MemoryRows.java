package dev.cairn.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.json.Json;
import dev.cairn.core.memory.IndexableMemory;
import dev.cairn.core.memory.IndexedMemory;
import dev.cairn.core.memory.MemoryItem;
import dev.cairn.core.memory.MemoryKind;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.MemoryScope;
import dev.cairn.core.memory.MemorySource;
import dev.cairn.core.memory.MemoryStatus;
import dev.cairn.core.memory.MemoryVersion;
import dev.cairn.core.store.StoreException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** How memory items are written to and read from their tables; vectors as little-endian float32. */
public final class MemoryRows {

    /** The columns of an item, its vector left out. */
    public static final String ITEM_COLUMNS = "id, tenant_id, scope, scope_key, namespace, kind, text, metadata_json,"
            + " source_session_id, source_seqs, source_run_id, created_at, updated_at, version, status, superseded_by,"
            + " embedding_model";
    /** The columns the index takes. */
    public static final String INDEXABLE_COLUMNS = "id, tenant_id, scope, scope_key, namespace, text, embedding, embedding_model";
    /** The columns of a stored version of an item. */
    public static final String VERSION_COLUMNS = "item_id, version, kind, text, metadata_json, status, superseded_by, valid_from,"
            + " valid_until";

    private MemoryRows() {
    }

    /** A vector as little-endian float32 bytes. */
    public static byte[] vectorBytes(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return bytes.array();
    }

    /** The vector stored as {@code bytes}; throws {@link StoreException} when they are missing or not whole float32 values. */
    public static float[] vector(byte[] bytes) {
        if (bytes == null || bytes.length % Float.BYTES != 0) {
            throw new StoreException("a stored memory vector is " + (bytes == null ? "missing" : bytes.length + " bytes long")
                    + ", not a whole number of float32 values", null);
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    /** Source sequence numbers as a JSON array. */
    public static String seqsText(List<Long> seqs) {
        ArrayNode array = Json.mapper().createArrayNode();
        seqs.forEach(array::add);
        return Json.write(array);
    }

    /** The item in the current row, read with {@link #ITEM_COLUMNS}. */
    public static MemoryItem item(ResultSet row) throws SQLException {
        return new MemoryItem(row.getString("id"), row.getString("tenant_id"), owner(row), row.getString("namespace"),
                MemoryKind.parse(row.getString("kind")), row.getString("text"), metadata(row),
                new MemorySource(row.getString("source_session_id"), seqs(row), row.getString("source_run_id")),
                Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"), row.getInt("version"),
                MemoryStatus.parse(row.getString("status")), row.getString("superseded_by"), row.getString("embedding_model"));
    }

    /** The indexable item in the current row, read with {@link #INDEXABLE_COLUMNS}. */
    public static IndexableMemory indexable(ResultSet row) throws SQLException {
        IndexedMemory item = new IndexedMemory(row.getString("id"), row.getString("tenant_id"), owner(row),
                row.getString("namespace"), row.getString("text"), vector(row.getBytes("embedding")));
        return new IndexableMemory(item, row.getString("embedding_model"));
    }

    /** The version in the current row, read with {@link #VERSION_COLUMNS}. */
    public static MemoryVersion version(ResultSet row) throws SQLException {
        return new MemoryVersion(row.getString("item_id"), row.getInt("version"), MemoryKind.parse(row.getString("kind")),
                row.getString("text"), metadata(row), MemoryStatus.parse(row.getString("status")),
                row.getString("superseded_by"), Rows.instant(row, "valid_from"), Rows.instant(row, "valid_until"));
    }

    /** The current version of {@code item}, in the shape of its history. */
    public static MemoryVersion currentVersion(MemoryItem item) {
        return new MemoryVersion(item.id(), item.version(), item.kind(), item.text(), item.metadata(), item.status(),
                item.supersededBy(), item.updatedAt(), null);
    }

    private static MemoryOwner owner(ResultSet row) throws SQLException {
        return new MemoryOwner(MemoryScope.parse(row.getString("scope")), row.getString("scope_key"));
    }

    private static ObjectNode metadata(ResultSet row) throws SQLException {
        JsonNode metadata = Rows.json(row, "metadata_json");
        if (!(metadata instanceof ObjectNode object)) {
            throw new StoreException("memory '" + row.getString(1) + "' has metadata that is not a JSON object", null);
        }
        return object;
    }

    private static List<Long> seqs(ResultSet row) throws SQLException {
        JsonNode array = Rows.json(row, "source_seqs");
        List<Long> seqs = new ArrayList<>();
        if (array != null) {
            array.forEach(seq -> seqs.add(seq.asLong()));
        }
        return seqs;
    }
}
