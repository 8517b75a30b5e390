package dev.cairn.core.documents;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where document collections are kept: the truth the retrieval index is derived from. Every
 * write that adds or removes chunks records one change per chunk in the same transaction, so an
 * index that follows {@link #changesAfter} misses none. Implementations are thread-safe.
 */
public interface DocumentStore {

    /**
     * Stores a new collection.
     *
     * @throws dev.cairn.core.ConflictException when the tenant has a collection of that name
     */
    DocumentCollection createCollection(DocumentCollection collection);

    /** The tenant's collection of that name. */
    Optional<DocumentCollection> findCollection(String tenantId, String name);

    /** The tenant's collections by name. */
    List<DocumentCollection> listCollections(String tenantId);

    /**
     * Deletes the collection with its documents and chunks.
     *
     * @return false when the tenant has no collection of that name
     */
    boolean deleteCollection(String tenantId, String name);

    /** The collection's document of that name. */
    Optional<StoredDocument> findDocument(String collectionId, String name);

    /** The collection's documents by name. */
    List<StoredDocument> listDocuments(String collectionId);

    /**
     * Stores {@code document} with its chunks, replacing (with its chunks) any document of the same
     * name in its collection, atomically.
     *
     * @throws dev.cairn.core.NotFoundException when the collection no longer exists
     */
    StoredDocument putDocument(StoredDocument document, List<NewChunk> chunks);

    /**
     * Deletes a document and its chunks.
     *
     * @return false when the collection has no document of that id
     */
    boolean deleteDocument(String collectionId, String documentId);

    /** The chunks among {@code ids} that belong to one of {@code collectionIds}, in no particular order. */
    List<StoredChunk> findChunks(Collection<String> collectionIds, Collection<String> ids);

    /** The number of the last change; 0 when there is none. */
    long lastChangeSeq();

    /** The changes numbered above {@code afterSeq}, in order, at most {@code limit}. */
    List<ChunkChange> changesAfter(long afterSeq, int limit);

    /** Every stored chunk with an id above {@code afterId} (null: from the first), by id, at most {@code limit}. */
    List<IndexableChunk> chunksAfter(String afterId, int limit);
}
