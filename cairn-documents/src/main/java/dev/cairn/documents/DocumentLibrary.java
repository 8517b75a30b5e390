package dev.cairn.documents;

import dev.cairn.core.ConflictException;
import dev.cairn.core.IdGenerator;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.documents.DocumentCollection;
import dev.cairn.core.documents.DocumentStore;
import dev.cairn.core.documents.NewChunk;
import dev.cairn.core.documents.StoredChunk;
import dev.cairn.core.documents.StoredDocument;
import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.Embedding;
import dev.cairn.core.memory.MemoryHit;
import dev.cairn.core.memory.MemoryIndex;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Document collections of every tenant: creating them, taking in documents (extract, chunk,
 * embed, store), and searching them. The {@link DocumentStore} is the truth; the index follows
 * its change sequence, and every write returns only once this process's index has applied it,
 * so a search after a write answered sees it (and every search first applies what other
 * processes on the same database wrote).
 *
 * <p>Taking in a document whose name is in the collection with the same content does nothing;
 * new content replaces the old document and its chunks in one transaction. A document that cannot
 * be read changes nothing.
 *
 * <p>Thread-safe.
 */
public final class DocumentLibrary implements AutoCloseable {

    private static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final int MAX_NAME_CHARS = 512;
    private static final int EMBED_BATCH = 64;

    /**
     * Limits and chunking.
     *
     * @param maxDocumentBytes the largest document taken (default 20 MiB)
     * @param maxTextChars     the most text one document may hold (default 10 million characters)
     * @param chunker          how text is cut into chunks
     */
    public record Options(long maxDocumentBytes, int maxTextChars, Chunker chunker) {

        public static final Options DEFAULT = new Options(20L * 1024 * 1024, 10_000_000, Chunker.DEFAULT);

        public Options {
            Objects.requireNonNull(chunker, "chunker");
            if (maxDocumentBytes < 1 || maxTextChars < 1) {
                throw new IllegalArgumentException("document limits must be positive");
            }
        }
    }

    private final DocumentStore store;
    private final Embedder embedder;
    private final ChunkIndex index;
    private final IdGenerator ids;
    private final Clock clock;
    private final Options options;
    private final TextExtractor extractor;
    private final FolderSync folders;

    private DocumentLibrary(DocumentStore store, Embedder embedder, ChunkIndex index, IdGenerator ids, Clock clock,
                            Options options) {
        this.store = store;
        this.embedder = embedder;
        this.index = index;
        this.ids = ids;
        this.clock = clock;
        this.options = options;
        this.extractor = new TextExtractor(options.maxTextChars());
        this.folders = new FolderSync(this, store, options.maxDocumentBytes());
    }

    /**
     * A library over {@code store}, with {@code index} (which it owns and closes) brought up to
     * date first: rebuilt from the stored chunks when it is empty or was made from another database.
     */
    public static DocumentLibrary open(DocumentStore store, Embedder embedder, MemoryIndex index, IdGenerator ids,
                                       Clock clock, Options options) {
        ChunkIndex chunks = new ChunkIndex(Objects.requireNonNull(store, "store"), Objects.requireNonNull(index, "index"),
                Objects.requireNonNull(embedder, "embedder"));
        chunks.start();
        return new DocumentLibrary(store, embedder, chunks, Objects.requireNonNull(ids, "ids"),
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(options, "options"));
    }

    public Options options() {
        return options;
    }

    /**
     * Creates a collection that takes uploads.
     *
     * @throws InvalidRequestException when the name is not 1-64 letters, digits, '_', '-' or '.'
     * @throws ConflictException when the tenant has a collection of that name
     */
    public DocumentCollection createCollection(String tenantId, String name, String description) {
        checkCollectionName(name);
        return store.createCollection(new DocumentCollection(ids.newId("coll"), tenantId, name, description, null,
                clock.instant()));
    }

    /**
     * The tenant's collection {@code name} mirroring {@code folder}, created when missing.
     *
     * @throws ConflictException when the tenant has a collection of that name that mirrors no
     *     folder or another one
     */
    public DocumentCollection declareFolder(String tenantId, String name, String description, Path folder) {
        checkCollectionName(name);
        String path = folder.toAbsolutePath().normalize().toString();
        Optional<DocumentCollection> found = store.findCollection(tenantId, name);
        if (found.isEmpty()) {
            return store.createCollection(new DocumentCollection(ids.newId("coll"), tenantId, name, description, path,
                    clock.instant()));
        }
        if (!path.equals(found.get().folder())) {
            throw new ConflictException("collection '" + name + "' exists and " + (found.get().folder() == null
                    ? "takes uploads" : "mirrors " + found.get().folder()) + ", not the folder " + path
                    + "; delete it to declare it anew");
        }
        return found.get();
    }

    /** The tenant's collections with their counts, by name. */
    public List<CollectionSummary> collections(String tenantId) {
        return store.listCollections(tenantId).stream().map(this::summary).toList();
    }

    /**
     * The tenant's collection {@code name} with its counts.
     *
     * @throws NotFoundException when the tenant has no collection of that name
     */
    public CollectionSummary collection(String tenantId, String name) {
        return summary(require(tenantId, name));
    }

    private CollectionSummary summary(DocumentCollection collection) {
        List<StoredDocument> documents = store.listDocuments(collection.id());
        int failed = (int) documents.stream().filter(document -> StoredDocument.FAILED.equals(document.status())).count();
        long chunks = documents.stream().mapToLong(StoredDocument::chunkCount).sum();
        return new CollectionSummary(collection, documents.size(), failed, chunks);
    }

    /**
     * Deletes a collection with its documents; a folder collection is declared again (and read
     * again) at the next start.
     *
     * @throws NotFoundException when the tenant has no collection of that name
     */
    public void deleteCollection(String tenantId, String name) {
        if (!store.deleteCollection(tenantId, name)) {
            throw new NotFoundException("collection", name);
        }
        afterWrite();
    }

    /**
     * Takes in an uploaded document: its type from {@code mediaType}, or from the name's
     * extension when that is empty or {@code application/octet-stream}.
     *
     * @throws NotFoundException when the tenant has no such collection
     * @throws ConflictException when the collection mirrors a folder
     * @throws InvalidRequestException when the name is not usable
     * @throws DocumentRejectedException when the document is too large, of an unsupported type,
     *     or cannot be read; nothing is stored then
     */
    public Ingested upload(String tenantId, String collectionName, String name, String mediaType, byte[] content) {
        DocumentCollection collection = require(tenantId, collectionName);
        if (collection.mirrorsFolder()) {
            throw new ConflictException("collection '" + collectionName + "' mirrors the folder " + collection.folder()
                    + "; change the files there and refresh it");
        }
        checkDocumentName(name);
        checkSize(name, content.length);
        return ingest(collection, name, DocumentType.resolve(mediaType, name), content);
    }

    /** Takes in a document of a known type, unless the collection holds it with this content already. */
    Ingested ingest(DocumentCollection collection, String name, DocumentType type, byte[] content) {
        String hash = sha256(content);
        Optional<StoredDocument> previous = store.findDocument(collection.id(), name);
        if (previous.isPresent() && previous.get().contentHash().equals(hash)
                && previous.get().mediaType().equals(type.mediaType())) {
            return new Ingested(previous.get(), Ingested.UNCHANGED);
        }
        ExtractedText text = extractor.extract(name, type, content);
        List<TextChunk> chunks = options.chunker().chunks(text);
        List<NewChunk> embedded = new ArrayList<>(chunks.size());
        for (int from = 0; from < chunks.size(); from += EMBED_BATCH) {
            List<TextChunk> batch = chunks.subList(from, Math.min(chunks.size(), from + EMBED_BATCH));
            List<float[]> vectors = embedder.embedAll(batch.stream().map(TextChunk::text).toList());
            for (int i = 0; i < batch.size(); i++) {
                TextChunk chunk = batch.get(i);
                embedded.add(new NewChunk(chunk.ordinal(), chunk.text(), chunk.startOffset(), chunk.endOffset(),
                        chunk.page(), new Embedding(embedder.model(), vectors.get(i))));
            }
        }
        StoredDocument stored = store.putDocument(new StoredDocument(ids.newId("doc"), collection.id(), name,
                type.mediaType(), content.length, hash, StoredDocument.INDEXED, null, text.pages(), embedded.size(),
                clock.instant()), embedded);
        afterWrite();
        return new Ingested(stored, previous.isPresent() ? Ingested.REPLACED : Ingested.CREATED);
    }

    /** Records a file of a folder that could not be taken in, replacing its earlier version. */
    StoredDocument storeFailed(DocumentCollection collection, String name, String mediaType, byte[] content,
                               String error) {
        StoredDocument stored = store.putDocument(new StoredDocument(ids.newId("doc"), collection.id(), name, mediaType,
                content.length, sha256(content), StoredDocument.FAILED, error, null, 0, clock.instant()), List.of());
        afterWrite();
        return stored;
    }

    /**
     * The collection's documents by name.
     *
     * @throws NotFoundException when the tenant has no such collection
     */
    public List<StoredDocument> documents(String tenantId, String collectionName) {
        return store.listDocuments(require(tenantId, collectionName).id());
    }

    /**
     * Deletes a document and its chunks.
     *
     * @throws NotFoundException when the tenant has no such collection, or it no such document
     */
    public void deleteDocument(String tenantId, String collectionName, String documentId) {
        if (!store.deleteDocument(require(tenantId, collectionName).id(), documentId)) {
            throw new NotFoundException("document", documentId);
        }
        afterWrite();
    }

    /**
     * Reads a folder collection's folder again: new and changed files are taken in, files that
     * are gone are removed, unchanged files cost a hash.
     *
     * @throws NotFoundException when the tenant has no such collection
     * @throws ConflictException when it takes uploads, or its folder is missing
     */
    public RefreshReport refresh(String tenantId, String collectionName) {
        DocumentCollection collection = require(tenantId, collectionName);
        if (!collection.mirrorsFolder()) {
            throw new ConflictException("collection '" + collectionName + "' takes uploads and mirrors no folder");
        }
        return folders.refresh(collection);
    }

    /**
     * The chunks of the tenant's collections that best match {@code query}, best first.
     *
     * @throws NotFoundException naming the first collection the tenant does not have
     * @throws InvalidRequestException when the query is blank or the limit below 1
     */
    public List<ChunkMatch> search(String tenantId, List<String> collectionNames, String query, int limit) {
        if (query == null || query.isBlank()) {
            throw new InvalidRequestException("a search needs a query");
        }
        if (limit < 1) {
            throw new InvalidRequestException("a search limit must be at least 1, got " + limit);
        }
        Map<String, DocumentCollection> byId = new LinkedHashMap<>();
        for (String name : collectionNames) {
            DocumentCollection collection = require(tenantId, name);
            byId.put(collection.id(), collection);
        }
        if (byId.isEmpty()) {
            return List.of();
        }
        List<MemoryHit> hits = index.search(tenantId, byId.keySet(), query, limit);
        Map<String, StoredChunk> chunks = store.findChunks(byId.keySet(), hits.stream().map(MemoryHit::id).toList())
                .stream().collect(Collectors.toMap(StoredChunk::id, Function.identity()));
        List<ChunkMatch> matches = new ArrayList<>(hits.size());
        for (MemoryHit hit : hits) {
            StoredChunk chunk = chunks.get(hit.id());
            if (chunk != null) { // removed since the index was read
                matches.add(new ChunkMatch(byId.get(chunk.collectionId()).name(), chunk, hit.score()));
            }
        }
        return matches;
    }

    /** The number of chunks in the index, of every tenant. */
    public long indexedChunks() {
        index.catchUp();
        return index.size();
    }

    /** Commits the index and closes it. */
    @Override
    public void close() {
        index.commit();
        index.close();
    }

    private void afterWrite() {
        index.catchUp();
        index.commit();
    }

    private DocumentCollection require(String tenantId, String name) {
        return store.findCollection(tenantId, name).orElseThrow(() -> new NotFoundException("collection", name));
    }

    void checkSize(String name, long size) {
        if (size > options.maxDocumentBytes()) {
            throw new DocumentRejectedException(DocumentRejectedException.Reason.TOO_LARGE, "'" + name + "' has " + size
                    + " bytes; the limit is " + options.maxDocumentBytes() + " bytes");
        }
    }

    private static void checkCollectionName(String name) {
        if (name == null || !COLLECTION_NAME.matcher(name).matches()) {
            throw new InvalidRequestException("collection name '" + name
                    + "' must be 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit");
        }
    }

    private static void checkDocumentName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("a document needs a name");
        }
        if (name.length() > MAX_NAME_CHARS || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("document name '" + name.substring(0, Math.min(name.length(), 80))
                    + "' must be at most " + MAX_NAME_CHARS + " characters with no control characters");
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
