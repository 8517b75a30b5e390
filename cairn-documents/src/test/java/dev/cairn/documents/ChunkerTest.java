package dev.cairn.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private final Chunker chunker = new Chunker(200, 60);

    @Test
    void everyChunkIsTheSliceOfTheTextItsOffsetsName() {
        String text = paragraphs(12, 70);

        List<TextChunk> chunks = chunker.chunks(new ExtractedText(text, List.of()));

        assertThat(chunks).hasSizeGreaterThan(3);
        for (TextChunk chunk : chunks) {
            assertThat(chunk.text()).isEqualTo(text.substring(chunk.startOffset(), chunk.endOffset()));
            assertThat(chunk.text().length()).isLessThanOrEqualTo(200);
            assertThat(chunk.page()).isNull();
        }
        assertThat(chunks).extracting(TextChunk::ordinal).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, chunks.size()).boxed().toList());
    }

    @Test
    void chunksAreWholeParagraphsAndRepeatTheLastOneThatFitsTheOverlap() {
        String text = paragraphs(6, 50);

        List<TextChunk> chunks = chunker.chunks(new ExtractedText(text, List.of()));

        for (TextChunk chunk : chunks) {
            assertThat(chunk.text()).startsWith("Paragraph").endsWith(".");
        }
        // paragraphs of 50 characters: three fit in 200, the third is repeated (50 <= 60) by the next chunk
        assertThat(chunks.get(0).text()).startsWith("Paragraph 0 ").contains("Paragraph 2 ").doesNotContain("Paragraph 3 ");
        assertThat(chunks.get(1).text()).startsWith("Paragraph 2 ");
        assertThat(chunks.getLast().text()).contains("Paragraph 5 ");
    }

    @Test
    void everyPartOfTheTextIsInSomeChunk() {
        String text = paragraphs(30, 45);
        List<TextChunk> chunks = chunker.chunks(new ExtractedText(text, List.of()));

        for (int i = 0; i < 30; i++) {
            String paragraph = "Paragraph " + i + " ";
            assertThat(chunks).anyMatch(chunk -> chunk.text().contains(paragraph));
        }
    }

    @Test
    void aParagraphLongerThanAChunkIsCutAtSentenceEnds() {
        String sentence = "This sentence is about forty characters. ";
        String text = sentence.repeat(20).strip();

        List<TextChunk> chunks = chunker.chunks(new ExtractedText(text, List.of()));

        assertThat(chunks).hasSizeGreaterThan(3);
        for (TextChunk chunk : chunks) {
            assertThat(chunk.text()).startsWith("This sentence").endsWith("characters.");
            assertThat(chunk.text().length()).isLessThanOrEqualTo(200);
        }
    }

    @Test
    void aChunkCarriesThePageItStartsOn() {
        String pageOne = paragraphs(4, 60);
        String text = pageOne + "\n\n" + paragraphs(4, 60);
        ExtractedText extracted = new ExtractedText(text, List.of(0, pageOne.length() + 2));

        List<TextChunk> chunks = chunker.chunks(extracted);

        assertThat(chunks.getFirst().page()).isEqualTo(1);
        assertThat(chunks.getLast().page()).isEqualTo(2);
        for (TextChunk chunk : chunks) {
            boolean onPageOne = chunk.startOffset() < pageOne.length() + 2;
            assertThat(chunk.page()).isEqualTo(onPageOne ? 1 : 2);
            assertThat(chunk.endOffset() <= pageOne.length()).isEqualTo(onPageOne); // never across the break
        }
    }

    @Test
    void blankTextHasNoChunks() {
        assertThat(chunker.chunks(new ExtractedText(" \n\n \n", List.of()))).isEmpty();
    }

    /** {@code count} paragraphs of exactly {@code length} characters, numbered, separated by blank lines. */
    static String paragraphs(int count, int length) {
        List<String> paragraphs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder paragraph = new StringBuilder("Paragraph " + i + " ");
            while (paragraph.length() < length - 1) {
                paragraph.append('x');
            }
            paragraphs.add(paragraph.append('.').toString());
        }
        return String.join("\n\n", paragraphs);
    }
}
