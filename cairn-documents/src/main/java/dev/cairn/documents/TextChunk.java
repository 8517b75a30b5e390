package dev.cairn.documents;

/**
 * A piece of a document's extracted text.
 *
 * @param ordinal     its position among the document's chunks, from 0
 * @param text        the text, {@code extracted.substring(startOffset, endOffset)}
 * @param startOffset where it starts in the extracted text
 * @param endOffset   where it ends there (exclusive)
 * @param page        the page it starts on, from 1, or null when the format has no pages
 */
public record TextChunk(int ordinal, String text, int startOffset, int endOffset, Integer page) {
}
