package dev.cairn.documents;

import java.util.List;
import java.util.Objects;

/**
 * The plain text of a document, with paragraphs separated by blank lines, and where each page
 * starts in it for formats that have pages.
 *
 * @param text       the text
 * @param pageStarts the offset in {@code text} where each page starts, in order; empty when the
 *                   format has no pages
 */
public record ExtractedText(String text, List<Integer> pageStarts) {

    public ExtractedText {
        Objects.requireNonNull(text, "text");
        pageStarts = List.copyOf(pageStarts);
    }

    /** The number of pages, or null when the format has none. */
    public Integer pages() {
        return pageStarts.isEmpty() ? null : pageStarts.size();
    }

    /** The page (from 1) that {@code offset} falls on, or null when the format has no pages. */
    public Integer pageAt(int offset) {
        if (pageStarts.isEmpty()) {
            return null;
        }
        int page = 1;
        while (page < pageStarts.size() && pageStarts.get(page) <= offset) {
            page++;
        }
        return page;
    }
}
