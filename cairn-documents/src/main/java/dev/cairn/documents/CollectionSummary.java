package dev.cairn.documents;

import dev.cairn.core.documents.DocumentCollection;

/**
 * A collection with counts of what it holds.
 *
 * @param collection the collection
 * @param documents  its documents, failed ones included
 * @param failed     its documents whose text could not be extracted
 * @param chunks     the chunks of its documents
 */
public record CollectionSummary(DocumentCollection collection, int documents, int failed, long chunks) {
}
