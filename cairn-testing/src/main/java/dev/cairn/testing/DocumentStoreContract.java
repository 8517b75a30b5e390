package dev.cairn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConflictException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.documents.ChunkChange;
import dev.cairn.core.documents.DocumentCollection;
import dev.cairn.core.documents.DocumentStore;
import dev.cairn.core.documents.IndexableChunk;
import dev.cairn.core.documents.NewChunk;
import dev.cairn.core.documents.StoredChunk;
import dev.cairn.core.documents.StoredDocument;
import dev.cairn.core.memory.Embedding;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DocumentStore} must do: documents replace their namesakes with their chunks,
 * every chunk stored or removed is a change, and collections stay inside their tenant.
 */
public abstract class DocumentStoreContract extends StoreContract {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private DocumentStore documents;
    private DocumentCollection handbook;

    @BeforeEach
    void createHandbook() {
        documents = store.documents();
        handbook = documents.createCollection(new DocumentCollection("coll_1", "t1", "handbook", "HR", null, NOW));
    }

    private static StoredDocument document(String id, String collectionId, String name, String hash, int chunks) {
        return new StoredDocument(id, collectionId, name, "text/plain", 10, hash, StoredDocument.INDEXED, null, null,
                chunks, NOW);
    }

    private static List<NewChunk> chunks(String... texts) {
        List<NewChunk> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            chunks.add(new NewChunk(i, texts[i], i * 10, i * 10 + texts[i].length(), i + 1,
                    new Embedding("model", new float[] {1, 0})));
        }
        return chunks;
    }

    @Test
    void aDocumentIsStoredWithItsChunksAndAChangePerChunk() {
        StoredDocument stored = documents.putDocument(document("doc_1", handbook.id(), "a.txt", "h1", 2), chunks("one", "two"));

        assertThat(stored.chunkCount()).isEqualTo(2);
        assertThat(documents.findDocument(handbook.id(), "a.txt")).contains(stored);
        List<ChunkChange> changes = documents.changesAfter(0, 10);
        assertThat(changes).extracting(ChunkChange::chunkId).containsExactly("doc_1-0", "doc_1-1");
        IndexableChunk first = changes.getFirst().current();
        assertThat(first.tenantId()).isEqualTo("t1");
        assertThat(first.collectionId()).isEqualTo(handbook.id());
        assertThat(first.vector()).containsExactly(1, 0);
        assertThat(documents.findChunks(List.of(handbook.id()), List.of("doc_1-1"))).singleElement().isEqualTo(
                new StoredChunk("doc_1-1", handbook.id(), "doc_1", "a.txt", 1, "two", 10, 13, 2));
    }

    @Test
    void aNewVersionReplacesTheOldChunksAndRecordsTheirRemoval() {
        documents.putDocument(document("doc_1", handbook.id(), "a.txt", "h1", 2), chunks("one", "two"));
        long before = documents.lastChangeSeq();

        documents.putDocument(document("doc_2", handbook.id(), "a.txt", "h2", 1), chunks("three"));

        assertThat(documents.listDocuments(handbook.id())).extracting(StoredDocument::id).containsExactly("doc_2");
        List<ChunkChange> changes = documents.changesAfter(before, 10);
        assertThat(changes).extracting(ChunkChange::chunkId).containsExactly("doc_1-0", "doc_1-1", "doc_2-0");
        assertThat(changes.get(0).current()).isNull();
        assertThat(changes.get(2).current().text()).isEqualTo("three");
        assertThat(documents.chunksAfter(null, 10)).extracting(IndexableChunk::id).containsExactly("doc_2-0");
    }

    @Test
    void deletingACollectionRemovesEverythingItHeldAndRecordsIt() {
        documents.putDocument(document("doc_1", handbook.id(), "a.txt", "h1", 2), chunks("one", "two"));
        long before = documents.lastChangeSeq();

        assertThat(documents.deleteCollection("t2", "handbook")).isFalse();
        assertThat(documents.deleteCollection("t1", "handbook")).isTrue();

        assertThat(documents.findCollection("t1", "handbook")).isEmpty();
        assertThat(documents.changesAfter(before, 10)).extracting(ChunkChange::current).containsOnlyNulls().hasSize(2);
        assertThat(documents.chunksAfter(null, 10)).isEmpty();
    }

    @Test
    void chunksAreFoundOnlyThroughTheirCollectionAndNamesAreUniquePerTenant() {
        documents.putDocument(document("doc_1", handbook.id(), "a.txt", "h1", 1), chunks("one"));
        DocumentCollection other = documents.createCollection(new DocumentCollection("coll_2", "t2", "handbook", "", null, NOW));

        assertThat(documents.findChunks(List.of(other.id()), List.of("doc_1-0"))).isEmpty();
        assertThat(documents.listCollections("t2")).containsExactly(other);
        assertThatThrownBy(() -> documents.createCollection(new DocumentCollection("coll_3", "t1", "handbook", "", null, NOW)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("'handbook'");
        assertThat(documents.deleteDocument(other.id(), "doc_1")).isFalse();
    }

    @Test
    void aDocumentOfACollectionThatIsGoneIsRefusedAndNothingIsStored() {
        long before = documents.lastChangeSeq();

        assertThatThrownBy(() -> documents.putDocument(document("doc_9", "coll_gone", "a.txt", "h", 1), chunks("x")))
                .isInstanceOf(NotFoundException.class);

        assertThat(documents.lastChangeSeq()).isEqualTo(before);
        assertThat(documents.chunksAfter(null, 10)).isEmpty();
    }
}
