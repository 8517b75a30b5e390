package dev.cairn.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.memory.SearchMode;
import dev.cairn.testing.memory.EvaluationSet;
import dev.cairn.testing.memory.RecallEvaluation;
import dev.cairn.testing.memory.RecallReport;
import dev.cairn.testing.memory.RecallReport.Row;
import dev.cairn.testing.memory.RecallReport.Setting;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retrieval quality on the generated evaluation set, with the real model and the real index at
 * their default settings. The fusion settings were chosen on {@link #TUNING_SEED}; the targets
 * are held on a set of {@link #REPORT_SEED}, which the settings never saw. To keep the test
 * short, it measures a sample of the same generator ({@value #PEOPLE} people with 40 to 60
 * memories each, {@value #QUESTIONS} questions) rather than the full 200 people and 500
 * questions; {@code ./cairn bench recall} prints the full report.
 */
class RetrievalQualityTest {

    static final long TUNING_SEED = 1;
    static final long REPORT_SEED = 2;
    static final int PEOPLE = 80;
    static final int QUESTIONS = 400;

    private static RecallReport report;

    @BeforeAll
    static void measure(@TempDir Path folder) {
        RecallEvaluation evaluation = RecallEvaluation.embed(EvaluationSet.histories(REPORT_SEED, PEOPLE, QUESTIONS),
                SharedEmbedder.get());
        try (LuceneMemoryIndex index = LuceneMemoryIndex.builder(folder, MiniLmEmbedder.MODEL, 384).open()) {
            evaluation.load(index);
            report = evaluation.measure(index);
        }
    }

    private static Row row(Setting setting, SearchMode mode) {
        return report.row(setting, mode);
    }

    @Test
    void searchingTheAskersMemoriesHybridFindsAtLeastNineInTenAnswersInItsFirstFive() {
        assertThat(row(Setting.PER_USER, SearchMode.HYBRID).recallAt5()).as(report.table()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void searchingTheAskersMemoriesHybridFindsMoreThanEitherRankingAlone() {
        Row hybrid = row(Setting.PER_USER, SearchMode.HYBRID);
        Row text = row(Setting.PER_USER, SearchMode.TEXT);
        Row vector = row(Setting.PER_USER, SearchMode.VECTOR);

        assertThat(hybrid.recallAt5()).as(report.table()).isGreaterThan(text.recallAt5())
                .isGreaterThan(vector.recallAt5());
        // the named values words find are kept, and the paraphrases vectors find are not lost
        assertThat(hybrid.entityRecallAt5()).as(report.table()).isGreaterThanOrEqualTo(vector.entityRecallAt5());
        assertThat(hybrid.paraphraseRecallAt5()).as(report.table()).isGreaterThanOrEqualTo(vector.paraphraseRecallAt5() - 0.01)
                .isGreaterThan(text.paraphraseRecallAt5());
    }

    @Test
    void aCommonWordSharedWithTheWrongMemoryDoesNotOutvoteTheVectorsFirstHit() {
        Row hybrid = row(Setting.PER_USER, SearchMode.HYBRID);
        Row vector = row(Setting.PER_USER, SearchMode.VECTOR);

        assertThat(hybrid.recallAt1()).as(report.table()).isGreaterThanOrEqualTo(vector.recallAt1() - 0.02);
        assertThat(hybrid.meanReciprocalRank()).as(report.table()).isGreaterThanOrEqualTo(vector.meanReciprocalRank() - 0.02);
    }

    @Test
    void searchingTheWholeTenantHybridBeatsEitherRankingAlone() {
        Row hybrid = row(Setting.WHOLE_TENANT, SearchMode.HYBRID);

        assertThat(hybrid.recallAt5()).as(report.table())
                .isGreaterThan(row(Setting.WHOLE_TENANT, SearchMode.TEXT).recallAt5())
                .isGreaterThan(row(Setting.WHOLE_TENANT, SearchMode.VECTOR).recallAt5());
    }
}
