package dev.cairn.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.IndexedMemory;
import dev.cairn.core.memory.MemoryIndex;
import dev.cairn.core.memory.MemoryIndex.Change;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.SearchMode;
import dev.cairn.testing.memory.MemoryIndexContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneMemoryIndexTest extends MemoryIndexContract {

    @TempDir
    Path directory;

    /** A unit vector near {@code center}, as texts of one topic are near each other. */
    private static float[] near(float[] center, Random random) {
        float[] vector = new float[center.length];
        for (int index = 0; index < vector.length; index++) {
            vector[index] = (float) (center[index] + 0.03 * random.nextGaussian());
        }
        return Vectors.normalize(vector);
    }

    /**
     * With 1,500 items of which a third are the searcher's, Lucene walks the graph, skipping the
     * items the filter rejects, rather than scoring every accepted item; it must still find nearly
     * all of the true nearest neighbours.
     */
    @Test
    void aSelectiveFilterStillFindsTheNearestItemsInTheGraph() {
        Random random = new Random(11);
        List<float[]> topics = embedder().embedAll(List.of("family and children", "travel and flights", "health and doctors",
                "money and taxes", "work and colleagues", "home repairs", "cars and driving", "hobbies and music"));
        List<Change> changes = new ArrayList<>();
        List<IndexedMemory> alices = new ArrayList<>();
        for (int number = 0; number < 1_500; number++) {
            MemoryOwner owner = number % 3 == 0 ? ALICE : BOB;
            float[] vector = near(topics.get(random.nextInt(topics.size())), random);
            IndexedMemory item = new IndexedMemory("m" + number, TENANT, owner, "", "note " + number, vector);
            changes.add(new Change.Upsert(item));
            if (owner.equals(ALICE)) {
                alices.add(item);
            }
        }
        index.apply(changes, 1);

        int found = 0;
        for (int query = 0; query < 20; query++) {
            float[] vector = near(topics.get(query % topics.size()), random);
            List<String> exact = alices.stream()
                    .sorted(Comparator.comparingDouble((IndexedMemory item) -> Vectors.dot(item.vector(), vector)).reversed())
                    .limit(10).map(IndexedMemory::id).toList();
            List<String> approximate = ids(index.search(null, vector, only(ALICE), 10, SearchMode.VECTOR));
            found += (int) approximate.stream().filter(exact::contains).count();
        }
        assertThat(found).as("true nearest neighbours found, of 200").isGreaterThanOrEqualTo(180);
    }

    @Override
    protected Embedder embedder() {
        return SharedEmbedder.get();
    }

    @Override
    protected MemoryIndex openIndex() {
        return LuceneMemoryIndex.builder(directory.resolve("memory-index"), MiniLmEmbedder.MODEL, 384).open();
    }
}
