package dev.cairn.testing.memory;

import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.IndexedMemory;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryHit;
import dev.cairn.core.memory.MemoryIndex;
import dev.cairn.core.memory.MemoryIndex.Change;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.SearchMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the memory index contract suites share: a fresh index per test, embedded by the real
 * model the implementation's test supplies, and helpers to make memories, changes and filters.
 *
 * <p>An implementation's test class provides {@link #embedder()} and {@link #openIndex()}: each
 * test starts with an empty index, and opening it again within one test (after the previous one
 * was closed) must find what was committed.
 */
public abstract class MemoryIndexSupport {

    protected static final String TENANT = "acme";
    protected static final String OTHER_TENANT = "globex";
    protected static final MemoryOwner ALICE = MemoryOwner.user("alice");
    protected static final MemoryOwner BOB = MemoryOwner.user("bob");
    protected static final MemoryOwner SUPPORT_AGENT = MemoryOwner.agent("support");
    protected static final MemoryOwner AGENT_NAMED_ALICE = MemoryOwner.agent("alice");
    protected static final MemoryOwner WHOLE_TENANT = MemoryOwner.tenant();

    protected MemoryIndex index;

    /** The embedding model vectors come from; shared by every test, thread-safe. */
    protected abstract Embedder embedder();

    /** Opens the index under test: empty at the first call of a test, what was committed at later calls. */
    protected abstract MemoryIndex openIndex();

    @BeforeEach
    void openFreshIndex() {
        index = openIndex();
    }

    @AfterEach
    void closeIndex() {
        if (index != null) {
            index.close();
        }
    }

    /** Closes the index and opens it again on the same storage. */
    protected MemoryIndex reopenIndex() {
        index.close();
        index = null;
        index = openIndex();
        return index;
    }

    protected IndexedMemory memory(String id, MemoryOwner owner, String text) {
        return memory(id, TENANT, owner, "", text);
    }

    protected IndexedMemory memory(String id, String tenantId, MemoryOwner owner, String namespace, String text) {
        return new IndexedMemory(id, tenantId, owner, namespace, text, embedder().embed(text));
    }

    /** Memories of {@code owner} in {@link #TENANT}, ids {@code prefix1, prefix2, ...}, embedded in one batch. */
    protected List<IndexedMemory> memories(String prefix, MemoryOwner owner, List<String> texts) {
        List<float[]> vectors = embedder().embedAll(texts);
        List<IndexedMemory> memories = new ArrayList<>();
        for (int index = 0; index < texts.size(); index++) {
            memories.add(new IndexedMemory(prefix + (index + 1), TENANT, owner, "", texts.get(index), vectors.get(index)));
        }
        return memories;
    }

    protected static List<Change> upserts(List<IndexedMemory> memories) {
        return memories.stream().<Change>map(Change.Upsert::new).toList();
    }

    protected static List<Change> upserts(IndexedMemory... memories) {
        return upserts(List.of(memories));
    }

    protected static Change remove(String id) {
        return new Change.Remove(id);
    }

    protected static MemoryFilter only(MemoryOwner... owners) {
        return new MemoryFilter(TENANT, Set.of(owners), null);
    }

    /** The ids a search finds, best first, with {@code text} as both the words and the meaning searched. */
    protected List<String> find(String text, MemoryFilter filter, int limit, SearchMode mode) {
        return ids(search(text, filter, limit, mode));
    }

    protected List<MemoryHit> search(String text, MemoryFilter filter, int limit, SearchMode mode) {
        return index.search(text, embedder().embed(text), filter, limit, mode);
    }

    protected static List<String> ids(List<MemoryHit> hits) {
        return hits.stream().map(MemoryHit::id).toList();
    }
}
