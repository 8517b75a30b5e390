package dev.cairn.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testing.memory.EvaluationSet;
import dev.cairn.testing.memory.EvaluationSet.Memory;
import dev.cairn.testing.memory.EvaluationSet.Question;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.Test;

/** The evaluation set is what {@code RetrievalQualityTest} and docs/BENCHMARKS.md claim it is. */
class EvaluationSetTest {

    private static final EvaluationSet SET = EvaluationSet.standard(RetrievalQualityTest.REPORT_SEED);
    private static final Analyzer ANALYZER = MemoryDocuments.analyzer();

    private static Set<String> words(String text) {
        return MemoryDocuments.words(ANALYZER, text);
    }

    private static Set<String> shared(Question question) {
        Set<String> shared = new HashSet<>(words(question.text()));
        shared.retainAll(words(SET.memory(question.answerId()).text()));
        return shared;
    }

    @Test
    void theSameSeedGivesTheSameSetAndAnotherSeedAnotherSet() {
        assertThat(EvaluationSet.standard(RetrievalQualityTest.REPORT_SEED)).isEqualTo(SET);
        assertThat(EvaluationSet.standard(RetrievalQualityTest.TUNING_SEED).questions()).isNotEqualTo(SET.questions());
    }

    @Test
    void itHoldsFortyToSixtyMemoriesForEachOfTwoHundredPeopleAndFiveHundredQuestions() {
        Map<String, Long> perPerson = SET.memories().stream().collect(Collectors.groupingBy(Memory::userId, Collectors.counting()));

        assertThat(SET.memories().size()).isGreaterThanOrEqualTo(8_000);
        assertThat(perPerson).hasSize(200);
        assertThat(perPerson.values()).allSatisfy(count -> assertThat(count).isBetween(40L, 60L));
        assertThat(SET.questions()).hasSize(500);
        assertThat(SET.memories().stream().map(Memory::id).distinct().count()).isEqualTo(SET.memories().size());
    }

    @Test
    void eachQuestionIsAnsweredByOneMemoryOfTheAskerAmongManyOfTheSameTopic() {
        Map<String, List<Memory>> byPerson = SET.memories().stream().collect(Collectors.groupingBy(Memory::userId));
        long sameTopicTotal = 0;
        for (Question question : SET.questions()) {
            Memory answer = SET.memory(question.answerId());
            List<Memory> own = byPerson.get(question.userId());

            assertThat(answer.userId()).isEqualTo(question.userId());
            assertThat(own.stream().filter(memory -> memory.kind().equals(answer.kind()))).hasSize(1);
            long sameTopic = own.stream().filter(memory -> memory.topic().equals(answer.topic())).count();
            sameTopicTotal += sameTopic;
        }
        // an answer has on average several memories of its topic beside it, and dozens of others
        assertThat((double) sameTopicTotal / SET.questions().size()).isGreaterThanOrEqualTo(5);
        assertThat(SET.questions().stream().map(Question::answerId).distinct().count()).isEqualTo(500);
    }

    @Test
    void paraphrasedQuestionsShareNoSearchableWordWithTheirAnswer() {
        List<Question> paraphrased = SET.questions().stream().filter(question -> !question.namesEntity()).toList();

        assertThat(paraphrased).allSatisfy(question -> assertThat(shared(question)).as(question.text()).isEmpty());
    }

    @Test
    void questionsNamingAValueShareOnlyThatValuesWordsWithTheirAnswer() {
        List<Question> naming = SET.questions().stream().filter(Question::namesEntity).toList();

        assertThat(naming.size()).isBetween(150, 350);
        for (Question question : naming) {
            Set<String> allowed = new HashSet<>();
            question.named().forEach(value -> allowed.addAll(words(value)));

            assertThat(question.named()).as(question.text()).isNotEmpty()
                    .allSatisfy(value -> assertThat(SET.memory(question.answerId()).text()).contains(value));
            assertThat(shared(question)).as(question.text()).isNotEmpty().isSubsetOf(allowed);
        }
    }

    @Test
    void manyNamedValuesAlsoAppearInOtherMemoriesOfTheAsker() {
        Map<String, List<Memory>> byPerson = SET.memories().stream().collect(Collectors.groupingBy(Memory::userId));
        List<Question> naming = SET.questions().stream().filter(Question::namesEntity).toList();

        long ambiguous = naming.stream().filter(question -> byPerson.get(question.userId()).stream()
                .filter(memory -> !memory.id().equals(question.answerId()))
                .anyMatch(memory -> question.named().stream().anyMatch(memory.text()::contains))).count();

        // a name or place alone often points at several memories: words alone cannot answer these
        assertThat((double) ambiguous / naming.size()).isGreaterThan(0.25);
    }
}
