package dev.cairn.testing.memory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A generated retrieval evaluation set: people's long-term memories and questions each answered
 * by exactly one memory of the person asking. The same seed always gives the same set.
 *
 * <p>{@link #standard} is the set Cairn's retrieval is measured on ({@link #histories}): each
 * person holds 40 to 60 memories of a life, many of them alike (jobs then and now, relatives'
 * jobs and birthdays in the same words, several orders, pets and doctors), and questions are
 * paraphrased except for the specific values a person would repeat (names, places, codes); see
 * {@code LifeHistories} for the rule. {@link #generate} makes the older compact set: 10 to 12
 * memories a person over three or four topics, used where many short, varied texts are wanted.
 *
 * @param seed      the seed it was generated from
 * @param memories  every memory, grouped by person
 * @param questions the questions, in a shuffled order
 */
public record EvaluationSet(long seed, List<Memory> memories, List<Question> questions) {

    /** How often a question about a fact with a rare entity names the entity rather than paraphrasing. */
    static final double NAMES_ENTITY_WHEN_IT_CAN = 0.6;

    public EvaluationSet {
        memories = List.copyOf(memories);
        questions = List.copyOf(questions);
    }

    /** One memory of one person. */
    public record Memory(String id, String userId, String topic, String kind, String text) {
    }

    /**
     * A question of {@code userId} whose one answer is memory {@code answerId}; {@code named} are
     * the specific values of the answer it repeats (empty for a paraphrase, or when not recorded).
     */
    public record Question(String userId, String text, String answerId, boolean namesEntity, List<String> named) {

        public Question {
            named = List.copyOf(named);
        }

        public Question(String userId, String text, String answerId, boolean namesEntity) {
            this(userId, text, answerId, namesEntity, List.of());
        }
    }

    /**
     * Generates a compact set of {@code users} people with 10 to 12 memories each and {@code questions}
     * questions spread over them (at most one question per memory).
     */
    public static EvaluationSet generate(long seed, int users, int questions) {
        if (users < 1 || questions < 1 || questions > users * 3) {
            throw new IllegalArgumentException("need at least one person and 1 to 3 questions per person, got "
                    + users + " people and " + questions + " questions");
        }
        Random random = new Random(seed);
        FactSlots slots = new FactSlots(random);
        Map<String, List<FactKind>> byTopic = new LinkedHashMap<>();
        for (FactKind kind : FactCatalog.KINDS) {
            byTopic.computeIfAbsent(kind.topic(), topic -> new ArrayList<>()).add(kind);
        }
        List<Memory> memories = new ArrayList<>();
        List<Question> asked = new ArrayList<>();
        int[] questionsPerUser = spread(questions, users, random);
        for (int user = 0; user < users; user++) {
            String userId = "user-" + (user + 1);
            List<Stated> stated = statePerson(userId, byTopic, slots, random, memories.size());
            stated.forEach(fact -> memories.add(fact.memory()));
            asked.addAll(ask(stated, questionsPerUser[user], random));
        }
        Collections.shuffle(asked, random);
        return new EvaluationSet(seed, memories, asked);
    }

    /** The 500 questions over 200 people (about 10,000 memories) that Cairn's retrieval is measured on. */
    public static EvaluationSet standard(long seed) {
        return histories(seed, 200, 500);
    }

    /**
     * Generates a set of {@code users} people with 40 to 60 memories of their lives each and
     * {@code questions} questions spread over them (see the class documentation).
     */
    public static EvaluationSet histories(long seed, int users, int questions) {
        return LifeHistories.generate(seed, users, questions);
    }

    /** A fact of a person as stored, with the slot values its questions are filled with. */
    private record Stated(Memory memory, FactKind kind, Map<String, String> values) {
    }

    static int[] spread(int questions, int users, Random random) {
        int[] perUser = new int[users];
        List<Integer> order = new ArrayList<>();
        for (int user = 0; user < users; user++) {
            order.add(user);
        }
        Collections.shuffle(order, random);
        for (int question = 0; question < questions; question++) {
            perUser[order.get(question % users)]++;
        }
        return perUser;
    }

    private static List<Stated> statePerson(String userId, Map<String, List<FactKind>> byTopic, FactSlots slots,
            Random random, int firstNumber) {
        List<String> topics = new ArrayList<>(byTopic.keySet());
        Collections.shuffle(topics, random);
        int wanted = 10 + random.nextInt(3);
        List<FactKind> kinds = new ArrayList<>();
        for (String topic : topics) {
            List<FactKind> ofTopic = new ArrayList<>(byTopic.get(topic));
            Collections.shuffle(ofTopic, random);
            int remaining = wanted - kinds.size();
            int take = Math.min(remaining, 3 + random.nextInt(2));
            if (remaining - take == 1) {
                // a topic with one fact would have no same-topic neighbour
                take = take < ofTopic.size() ? take + 1 : take - 1;
            }
            kinds.addAll(ofTopic.subList(0, take));
            if (kinds.size() == wanted) {
                break;
            }
        }
        List<Stated> stated = new ArrayList<>();
        for (FactKind kind : kinds) {
            Map<String, String> values = slots.valuesFor(templates(kind));
            String text = FactSlots.fill(kind.memories().get(random.nextInt(kind.memories().size())), values);
            String id = "mem-" + (firstNumber + stated.size() + 1);
            stated.add(new Stated(new Memory(id, userId, kind.topic(), kind.name(), text), kind, new HashMap<>(values)));
        }
        return stated;
    }

    private static List<String> templates(FactKind kind) {
        List<String> templates = new ArrayList<>(kind.memories());
        templates.addAll(kind.entityQuestions());
        return templates;
    }

    private static List<Question> ask(List<Stated> stated, int count, Random random) {
        List<Stated> candidates = new ArrayList<>(stated);
        Collections.shuffle(candidates, random);
        List<Question> questions = new ArrayList<>();
        for (Stated fact : candidates.subList(0, Math.min(count, candidates.size()))) {
            boolean namesEntity = fact.kind().hasEntity() && random.nextDouble() < NAMES_ENTITY_WHEN_IT_CAN;
            List<String> wordings = namesEntity ? fact.kind().entityQuestions() : fact.kind().questions();
            String text = FactSlots.fill(wordings.get(random.nextInt(wordings.size())), fact.values());
            questions.add(new Question(fact.memory().userId(), text, fact.memory().id(), namesEntity));
        }
        return questions;
    }

    /** The memory with {@code id}. */
    public Memory memory(String id) {
        Objects.requireNonNull(id, "id");
        return memories.stream().filter(memory -> memory.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no memory " + id));
    }
}
