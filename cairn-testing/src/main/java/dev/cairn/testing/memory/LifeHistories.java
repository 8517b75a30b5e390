package dev.cairn.testing.memory;

import dev.cairn.testing.memory.EvaluationSet.Memory;
import dev.cairn.testing.memory.EvaluationSet.Question;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Generates the demanding evaluation set: each person holds {@value #FEWEST} to {@value #MOST}
 * memories of their life, many alike (three jobs of their own and their relatives' jobs, a
 * birthday for every relative, three orders in the same words, the pets of then and now), and
 * questions are answered by exactly one of them.
 *
 * <p>The wording rule of questions: a question shares no searchable word with its answer except
 * the specific values it names, which are proper names (people, pets, doctors, places, companies,
 * brands) and codes or numbers (orders, policies, plates, serials). A real person repeats those,
 * since they have no other words; every other word is paraphrased. Half of the questions about a
 * fact that can be asked both ways name a value ({@value #NAMES_A_VALUE}); a fact about a relative
 * known by name only (a child's school, a sibling's job when there are two) is asked by the name.
 * Stateless and thread-safe; each generation uses its own seeded random source.
 */
final class LifeHistories {

    static final int FEWEST = 40;
    static final int MOST = 60;
    static final double NAMES_A_VALUE = 0.5;
    private static final int CITIES = 9;

    private LifeHistories() {
    }

    static EvaluationSet generate(long seed, int users, int questions) {
        if (users < 1 || questions < 1 || questions > users * FEWEST) {
            throw new IllegalArgumentException("need at least one person and 1 to " + FEWEST + " questions per person, got "
                    + users + " people and " + questions + " questions");
        }
        Random random = new Random(seed);
        int[] questionsPerUser = EvaluationSet.spread(questions, users, random);
        List<Memory> memories = new ArrayList<>();
        List<Question> asked = new ArrayList<>();
        for (int user = 0; user < users; user++) {
            String userId = "user-" + (user + 1);
            List<LifeFact> facts = life(new Household(random));
            List<Memory> own = new ArrayList<>();
            for (LifeFact fact : facts) {
                own.add(new Memory("mem-" + (memories.size() + own.size() + 1), userId, fact.topic, fact.kind, fact.text));
            }
            memories.addAll(own);
            asked.addAll(ask(facts, own, questionsPerUser[user], random));
        }
        Collections.shuffle(asked, random);
        return new EvaluationSet(seed, memories, asked);
    }

    /** Every fact of a person's life, then a random {@value #FEWEST} to {@value #MOST} of them kept in order. */
    private static List<LifeFact> life(Household h) {
        List<String> cities = new ArrayList<>();
        for (int city = 0; city < CITIES; city++) {
            cities.add(h.value("city"));
        }
        List<LifeFact> all = new ArrayList<>();
        all.addAll(WorkAndHomeFacts.facts(h, cities));
        all.addAll(FamilyFacts.facts(h));
        all.addAll(BelongingsFacts.facts(h, cities));
        all.addAll(HabitsFacts.facts(h));
        int wanted = Math.min(all.size(), FEWEST + h.random.nextInt(MOST - FEWEST + 1));
        List<Integer> order = new ArrayList<>();
        for (int index = 0; index < all.size(); index++) {
            order.add(index);
        }
        Collections.shuffle(order, h.random);
        List<Integer> kept = new ArrayList<>(order.subList(0, wanted));
        Collections.sort(kept);
        return kept.stream().map(all::get).toList();
    }

    private static List<Question> ask(List<LifeFact> facts, List<Memory> memories, int count, Random random) {
        List<Integer> order = new ArrayList<>();
        for (int index = 0; index < facts.size(); index++) {
            order.add(index);
        }
        Collections.shuffle(order, random);
        List<Question> questions = new ArrayList<>();
        for (int index : order) {
            if (questions.size() == count) {
                break;
            }
            LifeFact fact = facts.get(index);
            if (!fact.askable()) {
                continue;
            }
            boolean naming = fact.paraphrases.isEmpty()
                    || !fact.namings.isEmpty() && random.nextDouble() < NAMES_A_VALUE;
            String userId = memories.get(index).userId();
            String answer = memories.get(index).id();
            if (naming) {
                LifeFact.Naming chosen = fact.namings.get(random.nextInt(fact.namings.size()));
                questions.add(new Question(userId, chosen.text(), answer, true, chosen.named()));
            } else {
                questions.add(new Question(userId, fact.paraphrases.get(random.nextInt(fact.paraphrases.size())),
                        answer, false, List.of()));
            }
        }
        return questions;
    }
}
