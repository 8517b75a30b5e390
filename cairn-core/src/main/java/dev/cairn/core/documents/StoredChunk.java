package dev.cairn.core.documents;

/**
 * A stored chunk with the document it comes from, as a search answers it.
 *
 * @param id             the chunk's id
 * @param collectionId   the collection of its document
 * @param documentId     its document
 * @param documentName   its document's name
 * @param ordinal        its position among the document's chunks, from 0
 * @param text           the text
 * @param startOffset    where it starts in the document's extracted text
 * @param endOffset      where it ends there (exclusive)
 * @param page           the page it starts on, or null
 */
public record StoredChunk(String id, String collectionId, String documentId, String documentName, int ordinal,
                          String text, int startOffset, int endOffset, Integer page) {
}
