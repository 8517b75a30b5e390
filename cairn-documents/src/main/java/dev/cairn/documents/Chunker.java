package dev.cairn.documents;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts extracted text into chunks of at most {@code maxChars}, made of whole paragraphs where
 * they fit; a paragraph longer than that is cut at the last sentence end, else the last space,
 * before the limit. Each chunk after the first starts with the previous chunk's last paragraphs
 * (or pieces) that fit in {@code overlapChars}, so a passage cut between two chunks is whole in
 * one of them. A chunk never crosses a page break, so its page is where all of it is. Every chunk
 * is a slice of the text, so its offsets locate it exactly.
 *
 * @param maxChars     the longest chunk, in characters
 * @param overlapChars the most text a chunk repeats from the one before
 */
public record Chunker(int maxChars, int overlapChars) {

    /** About 250 word pieces, which the embedding model reads in one window. */
    public static final Chunker DEFAULT = new Chunker(1_000, 200);

    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n\\s*");

    public Chunker {
        if (maxChars < 50 || overlapChars < 0 || overlapChars >= maxChars / 2) {
            throw new IllegalArgumentException("chunks need at least 50 characters and an overlap below half of them, got "
                    + maxChars + " and " + overlapChars);
        }
    }

    /** A span of the text: a paragraph, or a piece of a long one. */
    private record Span(int start, int end) {
    }

    /** The chunks of {@code extracted}, in order; none for blank text. */
    public List<TextChunk> chunks(ExtractedText extracted) {
        String text = extracted.text();
        List<Span> spans = new ArrayList<>();
        for (Span paragraph : paragraphs(text)) {
            pieces(text, paragraph, spans);
        }
        List<TextChunk> chunks = new ArrayList<>();
        int first = 0;
        while (first < spans.size()) {
            int last = first;
            Integer page = extracted.pageAt(spans.get(first).start());
            while (last + 1 < spans.size() && spans.get(last + 1).end() - spans.get(first).start() <= maxChars
                    && Objects.equals(extracted.pageAt(spans.get(last + 1).start()), page)) {
                last++;
            }
            int start = spans.get(first).start();
            int end = spans.get(last).end();
            chunks.add(new TextChunk(chunks.size(), text.substring(start, end), start, end, page));
            if (last + 1 == spans.size()) {
                break;
            }
            int next = last + 1;
            Integer nextPage = extracted.pageAt(spans.get(next).start());
            while (next - 1 > first && end - spans.get(next - 1).start() <= overlapChars
                    && Objects.equals(extracted.pageAt(spans.get(next - 1).start()), nextPage)) {
                next--;
            }
            first = next;
        }
        return chunks;
    }

    /** The paragraphs of {@code text} (split at blank lines), surrounding whitespace left out. */
    private static List<Span> paragraphs(String text) {
        List<Span> paragraphs = new ArrayList<>();
        Matcher breaks = PARAGRAPH_BREAK.matcher(text);
        int start = 0;
        while (breaks.find()) {
            addTrimmed(text, start, breaks.start(), paragraphs);
            start = breaks.end();
        }
        addTrimmed(text, start, text.length(), paragraphs);
        return paragraphs;
    }

    private static void addTrimmed(String text, int start, int end, List<Span> spans) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (start < end) {
            spans.add(new Span(start, end));
        }
    }

    /** {@code paragraph} as is when it fits, else cut into pieces that do. */
    private void pieces(String text, Span paragraph, List<Span> spans) {
        int start = paragraph.start();
        while (paragraph.end() - start > maxChars) {
            int cut = cutBefore(text, start, start + maxChars);
            addTrimmed(text, start, cut, spans);
            start = cut;
        }
        addTrimmed(text, start, paragraph.end(), spans);
    }

    /** Where to end a piece that starts at {@code start} and must end by {@code limit}. */
    private static int cutBefore(String text, int start, int limit) {
        int floor = start + (limit - start) / 2;
        for (int at = limit - 1; at > floor; at--) {
            char before = text.charAt(at - 1);
            if ((before == '.' || before == '!' || before == '?' || before == '\n') && Character.isWhitespace(text.charAt(at))) {
                return at;
            }
        }
        for (int at = limit - 1; at > floor; at--) {
            if (Character.isWhitespace(text.charAt(at))) {
                return at;
            }
        }
        return Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
    }
}
