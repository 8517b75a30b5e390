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
 * are held on {@link #REPORT_SEED}, a set the settings never saw. The full report prints with
 * {@code ./cairn bench recall}.
 */
class RetrievalQualityTest {

    static final long TUNING_SEED = 1;
    static final long REPORT_SEED = 2;

    private static RecallReport report;

    @BeforeAll
    static void measure(@TempDir Path folder) {
        RecallEvaluation evaluation = RecallEvaluation.embed(EvaluationSet.standard(REPORT_SEED), SharedEmbedder.get());
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
    void searchingTheAskersMemoriesHybridFindsWhatVectorsFindAndPutsItFirstAsOften() {
        Row hybrid = row(Setting.PER_USER, SearchMode.HYBRID);
        Row text = row(Setting.PER_USER, SearchMode.TEXT);
        Row vector = row(Setting.PER_USER, SearchMode.VECTOR);

        assertThat(hybrid.recallAt5()).as(report.table()).isGreaterThan(text.recallAt5()).isGreaterThanOrEqualTo(vector.recallAt5());
        // a common word shared with the wrong memory must not outvote the vectors' first hit
        assertThat(hybrid.recallAt1()).as(report.table()).isGreaterThan(text.recallAt1())
                .isGreaterThanOrEqualTo(vector.recallAt1() - 0.01);
        assertThat(hybrid.meanReciprocalRank()).as(report.table()).isGreaterThanOrEqualTo(vector.meanReciprocalRank() - 0.01);
    }

    @Test
    void searchingTheWholeTenantHybridBeatsEitherRankingAlone() {
        Row hybrid = row(Setting.WHOLE_TENANT, SearchMode.HYBRID);

        assertThat(hybrid.recallAt5()).as(report.table())
                .isGreaterThan(row(Setting.WHOLE_TENANT, SearchMode.TEXT).recallAt5())
                .isGreaterThan(row(Setting.WHOLE_TENANT, SearchMode.VECTOR).recallAt5());
    }

    @Test
    void wordsFindNamedEntitiesThatVectorsMissAndHybridKeepsMostOfThem() {
        Row hybrid = row(Setting.WHOLE_TENANT, SearchMode.HYBRID);
        Row text = row(Setting.WHOLE_TENANT, SearchMode.TEXT);
        Row vector = row(Setting.WHOLE_TENANT, SearchMode.VECTOR);

        assertThat(text.entityRecallAt5()).as(report.table()).isGreaterThan(vector.entityRecallAt5() + 0.15);
        assertThat(hybrid.entityRecallAt5()).as(report.table()).isGreaterThan(vector.entityRecallAt5() + 0.15);
        assertThat(hybrid.paraphraseRecallAt5()).as(report.table()).isGreaterThan(text.paraphraseRecallAt5());
    }
}
