package dev.cairn.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.memory.ExtractedMemory;
import dev.cairn.core.memory.MemoryExtraction;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScriptedExtractionTest {

    private static List<ExtractedMemory> extract(List<String> kinds, List<MemoryExtraction.Existing> existing, String... userTexts) {
        List<MemoryExtraction.Turn> turns = new java.util.ArrayList<>();
        for (int i = 0; i < userTexts.length; i++) {
            turns.add(new MemoryExtraction.Turn(2L * i + 2, "user", userTexts[i]));
            turns.add(new MemoryExtraction.Turn(2L * i + 3, "assistant", "answer " + i));
        }
        List<Message> request = MemoryExtraction.request(kinds, existing, turns);
        String answer = ScriptedExtraction.answer(((Message.User) request.getLast()).text());
        return MemoryExtraction.parse(answer, kinds, Set.copyOf(existing.stream().map(MemoryExtraction.Existing::id).toList()));
    }

    @Test
    void sentencesAboutTheUserBecomeFactsAndPreferences() {
        List<ExtractedMemory> memories = extract(List.of("facts", "preferences"), List.of(),
                "Hello there. My dog is called Biscuit. I prefer short answers! What time is it?");

        assertThat(memories).containsExactly(
                new ExtractedMemory(ExtractedMemory.Action.ADD, "fact", "My dog is called Biscuit.", null),
                new ExtractedMemory(ExtractedMemory.Action.ADD, "preference", "I prefer short answers!", null));
    }

    @Test
    void theSameMemoryUpdatesAndAChangedOneSupersedes() {
        List<MemoryExtraction.Existing> existing = List.of(
                new MemoryExtraction.Existing("mem_dog", "fact", "My dog is called Biscuit"),
                new MemoryExtraction.Existing("mem_city", "fact", "I live in Lyon."));

        List<ExtractedMemory> memories = extract(List.of("facts"), existing, "my dog is called biscuit. I live in Porto now.");

        assertThat(memories).containsExactly(
                new ExtractedMemory(ExtractedMemory.Action.UPDATE, "fact", "my dog is called biscuit.", "mem_dog"),
                new ExtractedMemory(ExtractedMemory.Action.SUPERSEDE, "fact", "I live in Porto now.", "mem_city"));
    }

    @Test
    void onlyTheKindsAskedForAreAnsweredAndTheSummaryUpdatesTheSessionsOne() {
        List<MemoryExtraction.Existing> existing = List.of(new MemoryExtraction.Existing("mem_sum", "summary", "Asked: x"));

        List<ExtractedMemory> memories = extract(List.of("summary"), existing, "My dog is called Biscuit.", "Thanks");

        assertThat(memories).containsExactly(new ExtractedMemory(ExtractedMemory.Action.UPDATE, "summary",
                "Asked: My dog is called Biscuit. | Answered: answer 1", "mem_sum"));
    }
}
