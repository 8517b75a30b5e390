package dev.cairn.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.json.Json;
import dev.cairn.core.model.Message;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryExtractionTest {

    private static final List<String> ALL = List.of("facts", "preferences", "summary");

    @Test
    void theRequestShowsTheConversationAndTheExistingMemoriesAsJson() throws Exception {
        List<Message> messages = MemoryExtraction.request(List.of("facts"),
                List.of(new MemoryExtraction.Existing("mem_1", "fact", "The user lives in Lyon.")),
                List.of(new MemoryExtraction.Turn(3, "user", "I moved to Porto."), new MemoryExtraction.Turn(5, "assistant", "Noted.")));

        assertThat(messages.getFirst()).isInstanceOf(Message.System.class);
        var document = Json.parse(((Message.User) messages.get(1)).text());
        assertThat(document.get("extract").get(0).asText()).isEqualTo("fact");
        assertThat(document.get("existing_memories").get(0).get("id").asText()).isEqualTo("mem_1");
        assertThat(document.get("conversation").get(1).get("seq").asLong()).isEqualTo(5);
    }

    @Test
    void anAnswerIsReadPlainOrInsideACodeFence() {
        String json = "{\"memories\": [{\"action\": \"add\", \"kind\": \"fact\", \"text\": \"The user has a cat.\"}]}";

        List<ExtractedMemory> plain = MemoryExtraction.parse(json, ALL, Set.of());
        List<ExtractedMemory> fenced = MemoryExtraction.parse("Here you are:\n```json\n" + json + "\n```", ALL, Set.of());

        assertThat(plain).containsExactly(new ExtractedMemory(ExtractedMemory.Action.ADD, "fact", "The user has a cat.", null));
        assertThat(fenced).isEqualTo(plain);
    }

    @Test
    void kindsNotAskedForAreLeftOut() {
        String json = """
                {"memories": [{"kind": "fact", "text": "The user has a cat."},
                              {"kind": "preference", "text": "The user prefers short answers."}]}""";

        assertThat(MemoryExtraction.parse(json, List.of("preferences"), Set.of()))
                .extracting(ExtractedMemory::kind).containsExactly("preference");
    }

    @Test
    void updatesAndSupersedesNameAnItemTheModelWasShown() {
        String json = """
                {"memories": [{"action": "update", "id": "mem_1", "kind": "fact", "text": "The user has two cats."},
                              {"action": "supersede", "id": "mem_2", "kind": "fact", "text": "The user lives in Porto."}]}""";

        assertThat(MemoryExtraction.parse(json, ALL, Set.of("mem_1", "mem_2"))).containsExactly(
                new ExtractedMemory(ExtractedMemory.Action.UPDATE, "fact", "The user has two cats.", "mem_1"),
                new ExtractedMemory(ExtractedMemory.Action.SUPERSEDE, "fact", "The user lives in Porto.", "mem_2"));
        assertThatThrownBy(() -> MemoryExtraction.parse(json, ALL, Set.of("mem_1")))
                .isInstanceOf(ExtractionAnswerException.class).hasMessageContaining("'mem_2', which it was not shown");
    }

    @Test
    void unusableAnswersAreRefusedWithTheReason() {
        assertThatThrownBy(() -> MemoryExtraction.parse("I could not find anything.", ALL, Set.of()))
                .isInstanceOf(ExtractionAnswerException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> MemoryExtraction.parse("{\"items\": []}", ALL, Set.of()))
                .hasMessageContaining("no \"memories\" list");
        assertThatThrownBy(() -> MemoryExtraction.parse("{\"memories\": [{\"kind\": \"mood\", \"text\": \"x\"}]}", ALL, Set.of()))
                .hasMessageContaining("kind 'mood'");
        assertThatThrownBy(() -> MemoryExtraction.parse("{\"memories\": [{\"kind\": \"fact\", \"text\": \" \"}]}", ALL, Set.of()))
                .hasMessageContaining("needs a text");
        assertThatThrownBy(() -> MemoryExtraction.parse(
                "{\"memories\": [{\"kind\": \"fact\", \"action\": \"forget\", \"text\": \"x\"}]}", ALL, Set.of()))
                .hasMessageContaining("action 'forget'");
        String twice = """
                {"memories": [{"action": "update", "id": "mem_1", "kind": "fact", "text": "a"},
                              {"action": "supersede", "id": "mem_1", "kind": "fact", "text": "b"}]}""";
        assertThatThrownBy(() -> MemoryExtraction.parse(twice, ALL, Set.of("mem_1"))).hasMessageContaining("more than once");
    }

    @Test
    void anAnswerWithEmptyMemoriesIsValid() {
        assertThat(MemoryExtraction.parse("{\"memories\": []}", ALL, Set.of())).isEmpty();
    }
}
