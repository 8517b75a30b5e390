package dev.cairn.store.sqlite;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cairn.core.ConflictException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.documents.ChunkChange;
import dev.cairn.core.documents.DocumentCollection;
import dev.cairn.core.documents.DocumentStore;
import dev.cairn.core.documents.IndexableChunk;
import dev.cairn.core.documents.NewChunk;
import dev.cairn.core.documents.StoredChunk;
import dev.cairn.core.documents.StoredDocument;
import dev.cairn.core.json.Json;
import dev.cairn.core.store.StoreException;
import dev.cairn.store.jdbc.MemoryRows;
import dev.cairn.store.jdbc.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Document collections on the SQLite file. Each write is one task of the group-commit writer:
 * a document, its chunks and one change row per chunk stored or removed are written in the
 * task's savepoint, so the index's change sequence never misses a chunk. A chunk's id is its
 * document's id and its ordinal, so a new version of a document (a new id) has new chunk ids.
 */
final class SqliteDocumentStore implements DocumentStore {

    private static final String COLLECTION_COLUMNS = "id, tenant_id, name, description, folder, created_at";
    private static final String DOCUMENT_COLUMNS = "id, collection_id, name, media_type, size_bytes, content_hash, status,"
            + " error, pages, chunk_count, created_at";
    private static final String INDEXABLE = "k.id, k.text, k.embedding, k.embedding_model, d.collection_id, c.tenant_id"
            + " FROM doc_chunks k JOIN doc_documents d ON d.id = k.document_id JOIN doc_collections c ON c.id = d.collection_id";

    private static final String INSERT_COLLECTION = "INSERT INTO doc_collections (" + COLLECTION_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?)";
    private static final String FIND_COLLECTION = "SELECT " + COLLECTION_COLUMNS
            + " FROM doc_collections WHERE tenant_id = ? AND name = ?";
    private static final String LIST_COLLECTIONS = "SELECT " + COLLECTION_COLUMNS
            + " FROM doc_collections WHERE tenant_id = ? ORDER BY name";
    private static final String COLLECTION_EXISTS = "SELECT 1 FROM doc_collections WHERE id = ?";
    private static final String FIND_DOCUMENT = "SELECT " + DOCUMENT_COLUMNS
            + " FROM doc_documents WHERE collection_id = ? AND name = ?";
    private static final String LIST_DOCUMENTS = "SELECT " + DOCUMENT_COLUMNS
            + " FROM doc_documents WHERE collection_id = ? ORDER BY name";
    private static final String INSERT_DOCUMENT = "INSERT INTO doc_documents (" + DOCUMENT_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_CHUNK = "INSERT INTO doc_chunks (id, document_id, ordinal, text, start_offset,"
            + " end_offset, page, embedding, embedding_model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String ADD_CHANGE = "INSERT INTO doc_changes (chunk_id, created_at) VALUES (?, ?)";
    private static final String REMOVE_CHANGES = "INSERT INTO doc_changes (chunk_id, created_at)"
            + " SELECT id, ? FROM doc_chunks WHERE document_id = ? ORDER BY id";
    private static final String DELETE_CHUNKS = "DELETE FROM doc_chunks WHERE document_id = ?";
    private static final String DELETE_DOCUMENT = "DELETE FROM doc_documents WHERE id = ?";
    private static final String DOCUMENT_IDS = "SELECT id FROM doc_documents WHERE collection_id = ?";
    private static final String DOCUMENT_IN = "SELECT 1 FROM doc_documents WHERE collection_id = ? AND id = ?";
    private static final String DELETE_COLLECTION = "DELETE FROM doc_collections WHERE id = ?";
    private static final String FIND_CHUNKS = "SELECT k.id, d.collection_id, k.document_id, d.name, k.ordinal, k.text,"
            + " k.start_offset, k.end_offset, k.page FROM doc_chunks k JOIN doc_documents d ON d.id = k.document_id"
            + " WHERE k.id IN (SELECT value FROM json_each(?)) AND d.collection_id IN (SELECT value FROM json_each(?))";
    private static final String LAST_CHANGE = "SELECT coalesce(max(seq), 0) FROM doc_changes";
    private static final String CHANGES = "SELECT ch.seq, ch.chunk_id, x.id, x.text, x.embedding, x.embedding_model,"
            + " x.collection_id, x.tenant_id FROM doc_changes ch LEFT JOIN (SELECT " + INDEXABLE + ") x ON x.id = ch.chunk_id"
            + " WHERE ch.seq > ? ORDER BY ch.seq LIMIT ?";
    private static final String CHUNKS_AFTER = "SELECT " + INDEXABLE + " WHERE k.id > ? ORDER BY k.id LIMIT ?";

    private final GroupCommitWriter writer;
    private final ReadPool readers;

    SqliteDocumentStore(GroupCommitWriter writer, ReadPool readers) {
        this.writer = writer;
        this.readers = readers;
    }

    @Override
    public DocumentCollection createCollection(DocumentCollection collection) {
        Objects.requireNonNull(collection, "collection");
        return StoreException.join(writer.submit(transaction -> {
            if (transaction.first(FIND_COLLECTION, row -> true, collection.tenantId(), collection.name()).isPresent()) {
                throw new ConflictException("a collection named '" + collection.name() + "' already exists");
            }
            transaction.update(INSERT_COLLECTION, collection.id(), collection.tenantId(), collection.name(),
                    collection.description(), collection.folder(), Rows.millis(collection.createdAt()));
            return transaction.first(FIND_COLLECTION, SqliteDocumentStore::collection, collection.tenantId(),
                    collection.name()).orElseThrow();
        }));
    }

    @Override
    public Optional<DocumentCollection> findCollection(String tenantId, String name) {
        return readers.first(FIND_COLLECTION, SqliteDocumentStore::collection, tenantId, name);
    }

    @Override
    public List<DocumentCollection> listCollections(String tenantId) {
        return readers.list(LIST_COLLECTIONS, SqliteDocumentStore::collection, tenantId);
    }

    @Override
    public boolean deleteCollection(String tenantId, String name) {
        return StoreException.join(writer.submit(transaction -> {
            Optional<DocumentCollection> found = transaction.first(FIND_COLLECTION, SqliteDocumentStore::collection,
                    tenantId, name);
            if (found.isEmpty()) {
                return false;
            }
            for (String documentId : transaction.list(DOCUMENT_IDS, row -> row.getString(1), found.get().id())) {
                removeDocument(transaction, documentId);
            }
            transaction.update(DELETE_COLLECTION, found.get().id());
            return true;
        }));
    }

    @Override
    public Optional<StoredDocument> findDocument(String collectionId, String name) {
        return readers.first(FIND_DOCUMENT, SqliteDocumentStore::document, collectionId, name);
    }

    @Override
    public List<StoredDocument> listDocuments(String collectionId) {
        return readers.list(LIST_DOCUMENTS, SqliteDocumentStore::document, collectionId);
    }

    @Override
    public StoredDocument putDocument(StoredDocument document, List<NewChunk> chunks) {
        Objects.requireNonNull(document, "document");
        List<NewChunk> stored = List.copyOf(chunks);
        return StoreException.join(writer.submit(transaction -> {
            if (transaction.first(COLLECTION_EXISTS, row -> true, document.collectionId()).isEmpty()) {
                throw new NotFoundException("collection", document.collectionId());
            }
            Optional<StoredDocument> previous = transaction.first(FIND_DOCUMENT, SqliteDocumentStore::document,
                    document.collectionId(), document.name());
            if (previous.isPresent()) {
                removeDocument(transaction, previous.get().id());
            }
            long now = Rows.millis(transaction.now());
            transaction.update(INSERT_DOCUMENT, document.id(), document.collectionId(), document.name(),
                    document.mediaType(), document.sizeBytes(), document.contentHash(), document.status(),
                    document.error(), document.pages(), stored.size(), Rows.millis(document.createdAt()));
            for (NewChunk chunk : stored) {
                String chunkId = document.id() + "-" + chunk.ordinal();
                transaction.update(INSERT_CHUNK, chunkId, document.id(), chunk.ordinal(), chunk.text(), chunk.startOffset(),
                        chunk.endOffset(), chunk.page(), MemoryRows.vectorBytes(chunk.embedding().vector()),
                        chunk.embedding().model());
                transaction.update(ADD_CHANGE, chunkId, now);
            }
            return transaction.first(FIND_DOCUMENT, SqliteDocumentStore::document, document.collectionId(),
                    document.name()).orElseThrow();
        }));
    }

    @Override
    public boolean deleteDocument(String collectionId, String documentId) {
        return StoreException.join(writer.submit(transaction -> {
            if (transaction.first(DOCUMENT_IN, row -> true, collectionId, documentId).isEmpty()) {
                return false;
            }
            removeDocument(transaction, documentId);
            return true;
        }));
    }

    /** Deletes a document and its chunks, recording a change for each chunk. */
    private static void removeDocument(WriteTransaction transaction, String documentId) throws SQLException {
        transaction.update(REMOVE_CHANGES, Rows.millis(transaction.now()), documentId);
        transaction.update(DELETE_CHUNKS, documentId);
        transaction.update(DELETE_DOCUMENT, documentId);
    }

    @Override
    public List<StoredChunk> findChunks(Collection<String> collectionIds, Collection<String> ids) {
        if (collectionIds.isEmpty() || ids.isEmpty()) {
            return List.of();
        }
        return readers.list(FIND_CHUNKS, row -> new StoredChunk(row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getInt(5), row.getString(6), row.getInt(7), row.getInt(8),
                whole(row.getObject(9))), jsonArray(ids), jsonArray(collectionIds));
    }

    @Override
    public long lastChangeSeq() {
        return readers.first(LAST_CHANGE, row -> row.getLong(1)).orElse(0L);
    }

    @Override
    public List<ChunkChange> changesAfter(long afterSeq, int limit) {
        return readers.list(CHANGES, row -> new ChunkChange(row.getLong("seq"), row.getString("chunk_id"),
                row.getString("id") == null ? null : indexable(row)), afterSeq, limit);
    }

    @Override
    public List<IndexableChunk> chunksAfter(String afterId, int limit) {
        return readers.list(CHUNKS_AFTER, SqliteDocumentStore::indexable, afterId == null ? "" : afterId, limit);
    }

    private static IndexableChunk indexable(ResultSet row) throws SQLException {
        return new IndexableChunk(row.getString("id"), row.getString("tenant_id"), row.getString("collection_id"),
                row.getString("text"), MemoryRows.vector(row.getBytes("embedding")), row.getString("embedding_model"));
    }

    private static DocumentCollection collection(ResultSet row) throws SQLException {
        return new DocumentCollection(row.getString("id"), row.getString("tenant_id"), row.getString("name"),
                row.getString("description"), row.getString("folder"), Rows.instant(row, "created_at"));
    }

    private static StoredDocument document(ResultSet row) throws SQLException {
        return new StoredDocument(row.getString("id"), row.getString("collection_id"), row.getString("name"),
                row.getString("media_type"), row.getLong("size_bytes"), row.getString("content_hash"),
                row.getString("status"), row.getString("error"), whole(row.getObject("pages")),
                row.getInt("chunk_count"), Rows.instant(row, "created_at"));
    }

    private static Integer whole(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    private static String jsonArray(Collection<String> values) {
        ArrayNode array = Json.mapper().createArrayNode();
        values.forEach(array::add);
        return Json.write(array);
    }
}
