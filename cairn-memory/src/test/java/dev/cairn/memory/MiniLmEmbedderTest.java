package dev.cairn.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {

    private static MiniLmEmbedder embedder;

    @BeforeAll
    static void loadModel() {
        embedder = MiniLmEmbedder.create();
    }

    @AfterAll
    static void releaseModel() {
        embedder.close();
    }

    private static double length(float[] vector) {
        return Math.sqrt(Vectors.dot(vector, vector));
    }

    @Test
    void vectorsHave384DimensionsAndLengthOne() {
        float[] vector = embedder.embed("My daughter Lena plays the cello in a youth orchestra.");

        assertThat(embedder.model()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(embedder.dimensions()).isEqualTo(384);
        assertThat(vector).hasSize(384);
        assertThat(length(vector)).isCloseTo(1.0, within(1e-5));
        assertThat(length(embedder.embed(""))).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void aParaphraseIsCloserThanAnUnrelatedSentence() {
        float[] memory = embedder.embed("My daughter Lena plays the cello in a youth orchestra.");
        float[] paraphrase = embedder.embed("What instrument does my kid practise?");
        float[] unrelated = embedder.embed("The quarterly tax return is due at the end of April.");

        assertThat(Vectors.dot(memory, paraphrase)).isGreaterThan(Vectors.dot(memory, unrelated) + 0.1);
    }

    @Test
    void theSameTextAlwaysGetsTheSameVector() {
        String text = "I am allergic to peanuts and shellfish.";

        assertThat(embedder.embed(text)).containsExactly(embedder.embed(text));
    }

    @Test
    void aBatchGivesEachTextTheVectorItGetsAlone() {
        List<String> texts = List.of("short", "I moved to Lisbon last spring and I love the light there.",
                "Please book the window seat whenever I fly long haul.", "", "cello");

        List<float[]> batched = embedder.embedAll(texts);

        assertThat(batched).hasSize(texts.size());
        for (int index = 0; index < texts.size(); index++) {
            assertThat(Vectors.dot(batched.get(index), embedder.embed(texts.get(index)))).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void vectorsAreTheModelsOwnAsLangChain4jComputesThem() {
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        for (String text : List.of("My daughter Lena plays the cello.", "Order ZX-4471 arrived damaged, refund requested.")) {
            float[] expected = reference.embed(text).content().vector();

            assertThat(Vectors.dot(embedder.embed(text), expected)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void aLongTextIsEmbeddedWholeNotCutAtTheModelsLength() {
        String cooking = "I bake sourdough bread every weekend and feed the starter daily. ".repeat(30);
        String sailing = "We sail a small wooden boat along the coast every summer holiday. ".repeat(30);
        float[] whole = embedder.embed(cooking + sailing);

        double towardsSailing = Vectors.dot(whole, embedder.embed("Which boat trips do we take in summer?"));
        double towardsCookingOnly = Vectors.dot(embedder.embed(cooking), embedder.embed("Which boat trips do we take in summer?"));

        assertThat(towardsSailing).isGreaterThan(towardsCookingOnly + 0.1);
    }

    @Test
    void concurrentCallersGetTheVectorsOfTheirOwnTexts() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int index = 0; index < 16; index++) {
            texts.add("Memory number " + index + " is about topic " + (index % 4) + " and nothing else.");
        }
        List<float[]> expected = embedder.embedAll(texts);
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String text : texts) {
                    results.add(threads.submit(() -> embedder.embed(text)));
                }
            }
            for (int index = 0; index < results.size(); index++) {
                assertThat(Vectors.dot(results.get(index).get(), expected.get(index % texts.size()))).isCloseTo(1.0, within(1e-5));
            }
        }
    }
}
