package dev.cairn.testing.memory;

import dev.cairn.core.memory.Embedder;
import dev.cairn.core.memory.IndexedMemory;
import dev.cairn.core.memory.MemoryFilter;
import dev.cairn.core.memory.MemoryHit;
import dev.cairn.core.memory.MemoryIndex;
import dev.cairn.core.memory.MemoryIndex.Change;
import dev.cairn.core.memory.MemoryOwner;
import dev.cairn.core.memory.SearchMode;
import dev.cairn.testing.memory.RecallReport.Row;
import dev.cairn.testing.memory.RecallReport.Setting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures how well a memory index finds the one memory that answers each question of an
 * {@link EvaluationSet}: recall@5 (the answer is among the first five hits), recall@1 and the mean
 * reciprocal rank over ten hits, for each search mode, searching the asking person's memories
 * (as Cairn does) and the whole tenant's. The set is embedded once; any number of indexes can
 * then be loaded and measured with the same vectors.
 */
public final class RecallEvaluation {

    /** The tenant every memory of the set is stored in. */
    public static final String TENANT = "evaluation";
    static final int DEPTH = 10;

    private final EvaluationSet set;
    private final Map<String, float[]> memoryVectors;
    private final List<float[]> questionVectors;

    private RecallEvaluation(EvaluationSet set, Map<String, float[]> memoryVectors, List<float[]> questionVectors) {
        this.set = set;
        this.memoryVectors = memoryVectors;
        this.questionVectors = questionVectors;
    }

    /** Embeds every memory and question of {@code set}, in batches. */
    public static RecallEvaluation embed(EvaluationSet set, Embedder embedder) {
        List<float[]> vectors = embedder.embedAll(set.memories().stream().map(EvaluationSet.Memory::text).toList());
        Map<String, float[]> byId = new HashMap<>();
        for (int index = 0; index < vectors.size(); index++) {
            byId.put(set.memories().get(index).id(), vectors.get(index));
        }
        return new RecallEvaluation(set, byId,
                embedder.embedAll(set.questions().stream().map(EvaluationSet.Question::text).toList()));
    }

    public EvaluationSet set() {
        return set;
    }

    /** Stores every memory of the set in {@code index}, each owned by its person, as change 1. */
    public void load(MemoryIndex index) {
        List<Change> changes = new ArrayList<>();
        for (EvaluationSet.Memory memory : set.memories()) {
            changes.add(new Change.Upsert(new IndexedMemory(memory.id(), TENANT, MemoryOwner.user(memory.userId()), "",
                    memory.text(), memoryVectors.get(memory.id()))));
        }
        index.apply(changes, 1);
    }

    /** Every measure, for every setting and mode, on an index {@link #load loaded} with the set. */
    public RecallReport measure(MemoryIndex index) {
        List<Row> rows = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            for (SearchMode mode : SearchMode.values()) {
                rows.add(measure(index, setting, mode));
            }
        }
        int entityQuestions = (int) set.questions().stream().filter(EvaluationSet.Question::namesEntity).count();
        int users = (int) set.memories().stream().map(EvaluationSet.Memory::userId).distinct().count();
        return new RecallReport(set.seed(), set.memories().size(), users, set.questions().size(), entityQuestions, rows);
    }

    /** The measures of one setting and mode. */
    public Row measure(MemoryIndex index, Setting setting, SearchMode mode) {
        MemoryFilter wholeTenant = new MemoryFilter(TENANT, allPeople(), null);
        int foundInFive = 0;
        int foundFirst = 0;
        double reciprocalRanks = 0;
        int paraphrases = 0;
        int paraphrasesFound = 0;
        int entitiesFound = 0;
        for (int number = 0; number < set.questions().size(); number++) {
            EvaluationSet.Question question = set.questions().get(number);
            MemoryFilter filter = setting == Setting.PER_USER
                    ? new MemoryFilter(TENANT, Set.of(MemoryOwner.user(question.userId())), null) : wholeTenant;
            List<MemoryHit> hits = index.search(question.text(), questionVectors.get(number), filter, DEPTH, mode);
            int rank = rankOf(question.answerId(), hits);
            boolean inFive = rank > 0 && rank <= 5;
            foundInFive += inFive ? 1 : 0;
            foundFirst += rank == 1 ? 1 : 0;
            reciprocalRanks += rank > 0 ? 1.0 / rank : 0;
            if (question.namesEntity()) {
                entitiesFound += inFive ? 1 : 0;
            } else {
                paraphrases++;
                paraphrasesFound += inFive ? 1 : 0;
            }
        }
        int total = set.questions().size();
        int entities = total - paraphrases;
        return new Row(setting, mode, (double) foundInFive / total, (double) foundFirst / total, reciprocalRanks / total,
                paraphrases == 0 ? 0 : (double) paraphrasesFound / paraphrases,
                entities == 0 ? 0 : (double) entitiesFound / entities);
    }

    private Set<MemoryOwner> allPeople() {
        Set<MemoryOwner> people = new LinkedHashSet<>();
        set.memories().forEach(memory -> people.add(MemoryOwner.user(memory.userId())));
        return people;
    }

    private static int rankOf(String id, List<MemoryHit> hits) {
        for (int index = 0; index < hits.size(); index++) {
            if (hits.get(index).id().equals(id)) {
                return index + 1;
            }
        }
        return 0;
    }
}
