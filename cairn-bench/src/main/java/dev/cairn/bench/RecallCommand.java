package dev.cairn.bench;

import dev.cairn.core.memory.SearchMode;
import dev.cairn.memory.LuceneMemoryIndex;
import dev.cairn.memory.MiniLmEmbedder;
import dev.cairn.testing.memory.EvaluationSet;
import dev.cairn.testing.memory.RecallEvaluation;
import dev.cairn.testing.memory.RecallReport.Row;
import dev.cairn.testing.memory.RecallReport.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cairn bench recall}: retrieval quality of long-term memory on the generated evaluation
 * set (see {@link EvaluationSet}) with the real model and index. Prints the report as a Markdown
 * table; with {@code --tune}, the hybrid measures of every fusion setting of a grid instead, which
 * is how the defaults were chosen on the tuning seed.
 */
@Command(name = "recall", mixinStandardHelpOptions = true,
        description = "Recall@5, recall@1 and MRR of hybrid, word and vector memory search on the generated evaluation set.")
final class RecallCommand implements Callable<Integer> {

    private static final double[] WORD_COVERAGES = {0, 0.1, 0.2, 0.25, 0.3, 0.4, 0.6};
    private static final int[] RANK_CONSTANTS = {1, 10, 60};
    private static final int[] CANDIDATES = {10, 20, 50};

    @Option(names = "--seed", defaultValue = "2",
            description = "seed of the evaluation set (default ${DEFAULT-VALUE}, the report seed; the defaults were tuned on 1)")
    long seed;

    @Option(names = "--tune", description = "print hybrid search's measures for a grid of fusion settings instead")
    boolean tune;

    @Override
    public Integer call() throws Exception {
        Path folder = Files.createTempDirectory("cairn-recall");
        try (MiniLmEmbedder embedder = MiniLmEmbedder.create()) {
            System.err.printf("recall: embedding the evaluation set of seed %d%n", seed);
            RecallEvaluation evaluation = RecallEvaluation.embed(EvaluationSet.standard(seed), embedder);
            try (LuceneMemoryIndex index = LuceneMemoryIndex.builder(folder, MiniLmEmbedder.MODEL, embedder.dimensions()).open()) {
                evaluation.load(index);
                if (!tune) {
                    System.out.print(evaluation.measure(index).table());
                }
            }
            if (tune) {
                printGrid(evaluation, folder, embedder.dimensions());
            }
        } finally {
            DatabaseFiles.deleteTree(folder);
        }
        return 0;
    }

    private void printGrid(RecallEvaluation evaluation, Path folder, int dimensions) {
        System.out.printf("hybrid search on the evaluation set of seed %d%n%n", seed);
        System.out.println("| min word coverage | rank constant | candidates | per user R@5 | per user R@1 | per user MRR | tenant R@5 | tenant R@1 | tenant MRR |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (double coverage : WORD_COVERAGES) {
            for (int rankConstant : RANK_CONSTANTS) {
                for (int candidates : CANDIDATES) {
                    try (LuceneMemoryIndex index = LuceneMemoryIndex.builder(folder, MiniLmEmbedder.MODEL, dimensions)
                            .minimumWordCoverage(coverage).rankConstant(rankConstant).candidates(candidates).open()) {
                        Row user = evaluation.measure(index, Setting.PER_USER, SearchMode.HYBRID);
                        Row tenant = evaluation.measure(index, Setting.WHOLE_TENANT, SearchMode.HYBRID);
                        System.out.printf(Locale.ROOT, "| %.2f | %d | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                                coverage, rankConstant, candidates, user.recallAt5(), user.recallAt1(), user.meanReciprocalRank(),
                                tenant.recallAt5(), tenant.recallAt1(), tenant.meanReciprocalRank());
                    }
                }
            }
        }
    }
}
