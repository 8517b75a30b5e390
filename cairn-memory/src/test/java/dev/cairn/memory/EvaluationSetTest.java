package dev.cairn.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.memory.EvaluationSet;
import dev.cairn.testing.memory.EvaluationSet.Memory;
import dev.cairn.testing.memory.EvaluationSet.Question;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.Test;

/** The evaluation set is what {@code RetrievalQualityTest} claims it is. */
class EvaluationSetTest {

    private static final EvaluationSet SET = EvaluationSet.standard(RetrievalQualityTest.REPORT_SEED);
    private static final Analyzer ANALYZER = MemoryDocuments.analyzer();

    private static Set<String> words(String text) {
        return MemoryDocuments.words(ANALYZER, text);
    }

    @Test
    void theSameSeedGivesTheSameSetAndAnotherSeedAnotherSet() {
        assertThat(EvaluationSet.standard(RetrievalQualityTest.REPORT_SEED)).isEqualTo(SET);
        assertThat(EvaluationSet.standard(RetrievalQualityTest.TUNING_SEED).questions()).isNotEqualTo(SET.questions());
    }

    @Test
    void itHoldsTwoThousandMemoriesOfTwoHundredPeopleAndFiveHundredQuestions() {
        Map<String, Long> perPerson = SET.memories().stream().collect(Collectors.groupingBy(Memory::userId, Collectors.counting()));

        assertThat(SET.memories().size()).isGreaterThanOrEqualTo(2_000);
        assertThat(perPerson).hasSize(200);
        assertThat(perPerson.values()).allSatisfy(count -> assertThat(count).isBetween(10L, 12L));
        assertThat(SET.questions()).hasSize(500);
        assertThat(SET.memories().stream().map(Memory::id).distinct().count()).isEqualTo(SET.memories().size());
    }

    @Test
    void eachQuestionIsAnsweredByOneMemoryOfTheAskerWithSameTopicNeighbours() {
        Map<String, List<Memory>> byPerson = SET.memories().stream().collect(Collectors.groupingBy(Memory::userId));
        for (Question question : SET.questions()) {
            Memory answer = SET.memory(question.answerId());
            List<Memory> own = byPerson.get(question.userId());

            assertThat(answer.userId()).isEqualTo(question.userId());
            assertThat(own.stream().filter(memory -> memory.kind().equals(answer.kind()))).hasSize(1);
            assertThat(own.stream().filter(memory -> memory.topic().equals(answer.topic()))).hasSizeGreaterThan(1);
        }
        assertThat(SET.questions().stream().map(Question::answerId).distinct().count()).isEqualTo(500);
    }

    @Test
    void aMinorityOfQuestionsNamesARareEntityOfItsAnswer() {
        Map<String, Integer> memoriesWithWord = new HashMap<>();
        SET.memories().forEach(memory -> words(memory.text()).forEach(word -> memoriesWithWord.merge(word, 1, Integer::sum)));
        List<Question> naming = SET.questions().stream().filter(Question::namesEntity).toList();

        assertThat(naming.size()).isBetween(50, 125);
        for (Question question : naming) {
            Set<String> shared = new HashSet<>(words(question.text()));
            shared.retainAll(words(SET.memory(question.answerId()).text()));
            assertThat(shared).as(question.text()).anySatisfy(word -> assertThat(memoriesWithWord.get(word)).isLessThanOrEqualTo(10));
        }
    }

    @Test
    void paraphrasedQuestionsAlmostNeverShareASearchableWordWithTheirAnswer() {
        List<Question> paraphrased = SET.questions().stream().filter(question -> !question.namesEntity()).toList();

        long sharing = paraphrased.stream().filter(question -> {
            Set<String> shared = new HashSet<>(words(question.text()));
            shared.retainAll(words(SET.memory(question.answerId()).text()));
            return !shared.isEmpty();
        }).count();

        assertThat((double) sharing / paraphrased.size()).isLessThan(0.05);
    }
}
