package dev.cairn.testing.memory;

import dev.cairn.core.memory.SearchMode;
import java.util.List;
import java.util.Locale;

/**
 * The measures of one {@link RecallEvaluation}: one row per setting and search mode.
 *
 * @param seed            the evaluation set's seed
 * @param memories        memories stored
 * @param users           people they belong to
 * @param questions       questions asked
 * @param entityQuestions questions naming a rare entity
 * @param rows            the measures
 */
public record RecallReport(long seed, int memories, int users, int questions, int entityQuestions, List<Row> rows) {

    public RecallReport {
        rows = List.copyOf(rows);
    }

    /** Whose memories a question searches. */
    public enum Setting {
        /** the asking person's own, as Cairn searches user-scoped memory */
        PER_USER,
        /** everyone's in the tenant: the answer competes with every other person's like facts */
        WHOLE_TENANT
    }

    /**
     * @param recallAt5           share of questions whose answer is among the first five hits
     * @param recallAt1           share whose answer is the first hit
     * @param meanReciprocalRank  mean of 1/rank of the answer over ten hits (0 when not among them)
     * @param paraphraseRecallAt5 recall@5 of the questions that do not name an entity
     * @param entityRecallAt5     recall@5 of the questions that name one
     */
    public record Row(Setting setting, SearchMode mode, double recallAt5, double recallAt1, double meanReciprocalRank,
            double paraphraseRecallAt5, double entityRecallAt5) {
    }

    public Row row(Setting setting, SearchMode mode) {
        return rows.stream().filter(row -> row.setting() == setting && row.mode() == mode).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row for " + setting + " " + mode));
    }

    /** The report as a Markdown table, with a line saying what was measured. */
    public String table() {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "seed %d: %d memories of %d people, %d questions (%d name an entity)%n%n",
                seed, memories, users, questions, entityQuestions));
        table.append("| setting | mode | recall@5 | recall@1 | MRR@10 | recall@5 paraphrased | recall@5 naming an entity |\n");
        table.append("|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                    row.setting() == Setting.PER_USER ? "per user" : "whole tenant", row.mode().name().toLowerCase(Locale.ROOT),
                    row.recallAt5(), row.recallAt1(), row.meanReciprocalRank(), row.paraphraseRecallAt5(), row.entityRecallAt5()));
        }
        return table.toString();
    }
}
