package dev.cairn.core.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cairn.core.ConflictException;
import dev.cairn.core.IdGenerator;
import dev.cairn.core.InvalidRequestException;
import dev.cairn.core.NotFoundException;
import dev.cairn.core.store.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-term memory: items saved by agents and through the API, kept in a {@link MemoryStore} (the
 * truth) and found through a {@link MemoryIndex} derived from it.
 *
 * <p><b>Read-after-write.</b> A write returns once the store has it on disk and this process's
 * index reflects it, so a search issued after a write returned finds the item. Every search first
 * applies whatever the store's change sequence holds beyond the index, so writes made through
 * another process (another node on the same database) are found by this one's next search too. If
 * the index fails after the store has taken a write, the write still counts (it is logged, and the
 * next search tries the index again): the store is the truth.
 *
 * <p><b>Start and stop.</b> {@link #open} rebuilds the index from the store when the index is
 * empty while the store is not, or when the index is ahead of the store (built from another
 * database), and otherwise catches it up. The index is committed every
 * {@link Options#commitInterval()} when something was applied, and on {@link #close()}, which also
 * closes it; a process that dies between commits catches up from its last commit.
 *
 * <p><b>Scopes.</b> Reads and writes take a tenant, and searches and listings a {@link MemoryFilter}
 * naming the owners they may see; an item of another tenant or owner is never returned, even if an
 * index answered it.
 *
 * <p>Thread-safe. No IO of its own: everything goes through the store, index and embedder ports.
 */
public final class LongTermMemory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LongTermMemory.class);

    /**
     * @param commitInterval how often the index is brought up to date and committed in the background
     * @param cachedQueries  how many query texts keep their vectors, so a question asked again
     *                       (each model step of a run recalls for the same message) is embedded once
     */
    public record Options(Duration commitInterval, int cachedQueries) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(5), 1_024);

        public Options {
            Objects.requireNonNull(commitInterval, "commitInterval");
            if (commitInterval.toMillis() < 10) {
                throw new IllegalArgumentException("the memory index commit interval must be at least 10ms, got " + commitInterval);
            }
            if (cachedQueries < 0) {
                throw new IllegalArgumentException("cached queries must not be negative, got " + cachedQueries);
            }
        }
    }

    private final MemoryStore store;
    private final Embedder embedder;
    private final MemoryIndex index;
    private final IdGenerator ids;
    private final IndexFollower follower;
    private final Cache<String, float[]> queryVectors;
    private final ScheduledExecutorService background;
    private final boolean rebuiltAtStart;

    private LongTermMemory(MemoryStore store, Embedder embedder, MemoryIndex index, IdGenerator ids, Options options) {
        this.store = store;
        this.embedder = embedder;
        this.index = index;
        this.ids = ids;
        this.follower = new IndexFollower(IndexFollower.of(store), index, embedder);
        this.queryVectors = Caffeine.newBuilder().maximumSize(options.cachedQueries()).build();
        this.rebuiltAtStart = follower.start();
        this.background = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("cairn-memory-index").daemon(true).factory());
        long interval = options.commitInterval().toMillis();
        background.scheduleWithFixedDelay(this::followAndCommit, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Brings {@code index} up to date with {@code store} (rebuilding it when it must) and starts
     * committing it in the background. The service owns the index from here on, and closes it if
     * this fails.
     *
     * @throws MemoryIndexException when the index cannot be brought up to date
     */
    public static LongTermMemory open(MemoryStore store, Embedder embedder, MemoryIndex index, IdGenerator ids,
                                      Options options) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(options, "options");
        try {
            return new LongTermMemory(store, embedder, index, ids, options);
        } catch (RuntimeException e) {
            try {
                index.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Whether {@link #open} rebuilt the index from the store. */
    public boolean rebuiltAtStart() {
        return rebuiltAtStart;
    }

    /** The embedding model in use. */
    public String embeddingModel() {
        return embedder.model();
    }

    /**
     * Embeds and stores a new current item.
     *
     * @throws InvalidRequestException when the text, metadata or namespace break {@link MemoryLimits}
     */
    public MemoryItem save(MemoryWrite write) {
        Objects.requireNonNull(write, "write");
        NewMemory memory = newMemory(ids.newId("mem"), write);
        MemoryItem stored = store.insert(memory);
        followAfterWrite();
        return stored;
    }

    /**
     * Saves {@code write} unless a save with the same {@code idempotencyKey} (in the same tenant)
     * already did, in which case the item that one saved is answered as it is now. The item's id
     * is derived from the key, so a repeated call (a tool call retried after a crash) finds it.
     *
     * @throws InvalidRequestException when the text, metadata or namespace break {@link MemoryLimits}
     */
    public MemoryItem saveOnce(String idempotencyKey, MemoryWrite write) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(write, "write");
        String id = IdempotentIds.of("mem", write.tenantId(), idempotencyKey);
        Optional<MemoryItem> saved = store.find(write.tenantId(), id);
        if (saved.isPresent()) {
            return saved.get();
        }
        MemoryItem stored;
        try {
            stored = store.insert(newMemory(id, write));
        } catch (ConflictException raced) {
            return store.find(write.tenantId(), id).orElseThrow(() -> raced);
        }
        followAfterWrite();
        return stored;
    }

    /** The item, whatever its status; empty when it does not exist in the tenant. */
    public Optional<MemoryItem> get(String tenantId, String id) {
        return store.find(tenantId, id);
    }

    /**
     * Stores new text (embedded again) and/or metadata as the item's next version.
     *
     * @param text            the new text, or null to keep it
     * @param metadata        the new metadata (replacing the old), or null to keep it
     * @param expectedVersion the version the caller read, or {@link MemoryStore#ANY_VERSION}
     * @throws InvalidRequestException when nothing is to change, or the new values break {@link MemoryLimits}
     * @throws NotFoundException when the item does not exist in the tenant or is deleted
     * @throws dev.cairn.core.ConflictException when it moved past {@code expectedVersion} or was superseded
     */
    public MemoryItem update(String tenantId, String id, String text, ObjectNode metadata, int expectedVersion) {
        if (text == null && metadata == null) {
            throw new InvalidRequestException("an update changes the text, the metadata or both; neither was given");
        }
        MemoryLimits.checkMetadata(metadata);
        Embedding embedding = text == null ? null : Embedding.of(embedder, MemoryLimits.checkText(text));
        MemoryItem updated = store.update(tenantId, id, new MemoryEdit(text, metadata, embedding), expectedVersion);
        followAfterWrite();
        return updated;
    }

    /**
     * Deletes the item: it is no longer listed, searched or recalled; its versions stay as history.
     *
     * @throws NotFoundException when the item does not exist in the tenant or is already deleted
     * @throws dev.cairn.core.ConflictException when it moved past {@code expectedVersion} or was superseded
     */
    public MemoryItem delete(String tenantId, String id, int expectedVersion) {
        MemoryItem deleted = store.delete(tenantId, id, expectedVersion);
        followAfterWrite();
        return deleted;
    }

    /**
     * Replaces a current item with a new one of the same owner and namespace, atomically.
     *
     * @param replacement what the new item says; its owner and namespace must be the old one's
     * @throws NotFoundException when the old item does not exist in the tenant or is deleted
     * @throws dev.cairn.core.ConflictException when it moved past {@code expectedVersion} or was superseded
     * @throws InvalidRequestException when the replacement breaks {@link MemoryLimits} or has another owner
     */
    public MemoryStore.Superseded supersede(String tenantId, String id, MemoryWrite replacement, int expectedVersion) {
        if (!replacement.tenantId().equals(tenantId)) {
            throw new InvalidRequestException("a memory is superseded only by an item of its own tenant");
        }
        MemoryStore.Superseded result = store.supersede(tenantId, id, newMemory(ids.newId("mem"), replacement), expectedVersion);
        followAfterWrite();
        return result;
    }

    /** Every version of the item, oldest first, the current one last; empty when it does not exist in the tenant. */
    public List<MemoryVersion> versions(String tenantId, String id) {
        return store.versions(tenantId, id);
    }

    /**
     * The current items {@code filter} lets through, newest first, after {@code after} (null: from
     * the newest).
     *
     * @throws InvalidRequestException when {@code limit} is not 1 to {@link MemoryLimits#MAX_RESULTS}
     */
    public List<MemoryItem> list(MemoryFilter filter, MemoryCursor after, int limit) {
        return store.list(filter, after, MemoryLimits.checkLimit(limit));
    }

    /**
     * The current items that best match {@code query} by words and by meaning, best first, among
     * those {@code filter} lets through. Sees every write the store committed before the call.
     *
     * @throws InvalidRequestException when the query is blank or too long, or {@code limit} is not 1 to {@link MemoryLimits#MAX_RESULTS}
     */
    public List<MemoryMatch> search(MemoryFilter filter, String query, int limit) {
        Objects.requireNonNull(filter, "filter");
        if (query == null || query.isBlank()) {
            throw new InvalidRequestException("a memory search needs a query that is not blank");
        }
        if (query.length() > MemoryLimits.MAX_QUERY_CHARS) {
            throw new InvalidRequestException("a memory search query is at most " + MemoryLimits.MAX_QUERY_CHARS
                    + " characters, got " + query.length());
        }
        MemoryLimits.checkLimit(limit);
        follower.catchUp();
        float[] vector = queryVectors.get(query, embedder::embed);
        List<MemoryHit> hits = index.search(query, vector, filter, limit, SearchMode.HYBRID);
        if (hits.isEmpty()) {
            return List.of();
        }
        Map<String, MemoryItem> items = store.findAll(filter.tenantId(), hits.stream().map(MemoryHit::id).toList())
                .stream().collect(Collectors.toMap(MemoryItem::id, Function.identity()));
        List<MemoryMatch> matches = new ArrayList<>(hits.size());
        for (MemoryHit hit : hits) {
            MemoryItem item = items.get(hit.id());
            // Deleted or replaced since the index answered, or (never expected) outside the filter.
            if (item != null && item.current() && allows(filter, item)) {
                matches.add(new MemoryMatch(item, hit.score()));
            }
        }
        return matches;
    }

    /** Applies whatever the store has that the index has not; a search does this by itself. */
    public void catchUp() {
        follower.catchUp();
    }

    /** Makes the index's state durable now, instead of at the next background commit. */
    public void commit() {
        follower.commit();
    }

    /** Stops the background commits, commits the index and closes it. Idempotent. */
    @Override
    public synchronized void close() {
        if (background.isShutdown()) {
            return;
        }
        background.shutdown();
        try {
            if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("the memory index's background commit did not end within 30s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            follower.commit();
        } finally {
            index.close();
        }
    }

    private static boolean allows(MemoryFilter filter, MemoryItem item) {
        return item.tenantId().equals(filter.tenantId()) && filter.owners().contains(item.owner())
                && (filter.namespace() == null || filter.namespace().equals(item.namespace()));
    }

    private NewMemory newMemory(String id, MemoryWrite write) {
        String namespace = MemoryLimits.checkNamespace(write.namespace());
        MemoryLimits.checkMetadata(write.metadata());
        Embedding embedding = Embedding.of(embedder, MemoryLimits.checkText(write.text()));
        return new NewMemory(id, write.tenantId(), write.owner(), namespace, write.kind(), write.text(), write.metadata(),
                write.source(), embedding);
    }

    /** The write is stored; an index that cannot follow now is followed again by the next search. */
    private void followAfterWrite() {
        try {
            follower.catchUp();
        } catch (RuntimeException e) {
            LOG.warn("the memory index could not take a stored write; the next search tries again", e);
        }
    }

    private void followAndCommit() {
        try {
            follower.catchUp();
            follower.commit();
        } catch (RuntimeException e) {
            LOG.warn("bringing the memory index up to date in the background failed; trying again in the next round", e);
        }
    }
}
